/**
 * The report page's only script (allowed by its CSP hash): search, filters,
 * sort, expand/collapse, and copy buttons. Plain DOM, no library, no network.
 */
export const REPORT_SCRIPT = `(() => {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const list = $('rules');
  if (!list) return;
  const rows = Array.from(list.querySelectorAll('details.rule'));
  const q = $('q'), status = $('status'), topic = $('topic'), sort = $('sort'), count = $('count'), empty = $('empty');
  const rank = { unmet: 0, none: 1, met: 2 };
  function filter() {
    const text = q.value.trim().toLowerCase();
    let shown = 0;
    for (const row of rows) {
      const ok = (text === '' || row.dataset.search.includes(text))
        && (status.value === 'all' || row.dataset.status === status.value)
        && (topic.value === '' || row.dataset.topics.split('\\n').includes(topic.value));
      row.hidden = !ok;
      if (ok) shown++;
    }
    count.textContent = shown + ' of ' + rows.length + ' rules shown';
    empty.hidden = shown > 0;
  }
  function order() {
    const by = sort.value;
    const sorted = rows.slice().sort((a, b) => {
      if (by === 'name') return a.dataset.name.localeCompare(b.dataset.name);
      if (by === 'matched') return Number(a.dataset.matched) - Number(b.dataset.matched) || Number(a.dataset.index) - Number(b.dataset.index);
      return rank[a.dataset.status] - rank[b.dataset.status] || Number(a.dataset.index) - Number(b.dataset.index);
    });
    for (const row of sorted) list.appendChild(row);
  }
  function fallbackCopy(text) {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    if (!ok) throw new Error('copy refused');
  }
  async function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      try { await navigator.clipboard.writeText(text); return; } catch (error) { /* fall back below */ }
    }
    fallbackCopy(text);
  }
  document.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button.copy') : null;
    if (!button) return;
    const source = $(button.dataset.copy);
    if (!source) return;
    copy(source.textContent).then(
      () => { button.textContent = 'Copied'; setTimeout(() => { button.textContent = 'Copy'; }, 1500); },
      () => { button.textContent = 'Select and copy by hand'; },
    );
  });
  q.addEventListener('input', filter);
  status.addEventListener('change', filter);
  topic.addEventListener('change', filter);
  sort.addEventListener('change', order);
  $('expand').addEventListener('click', () => rows.forEach((row) => { row.open = true; }));
  $('collapse').addEventListener('click', () => rows.forEach((row) => { row.open = false; }));
  const fromHash = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
  if (fromHash && fromHash.tagName === 'DETAILS') fromHash.open = true;
  filter();
})();
`;
