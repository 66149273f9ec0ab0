/**
 * A fake Amazon CloudWatch (metrics) speaking what @aws-sdk/client-cloudwatch 3.1164 speaks: AWS JSON 1.0
 * (`X-Amz-Target: GraniteServiceVersion20100801.<Operation>`, epoch-second timestamps) in query-compatible
 * mode (errors carry `x-amzn-query-error: <Code>;Sender`). Checked in the client's dist-cjs: its protocol is
 * AwsJson1_0Protocol with `awsQueryCompatible: true`, not Smithy RPCv2 CBOR.
 *
 *   const cw = await startFakeCloudWatch({ series: [{ metric: 'Invocations', dimensions: { EventBusName: bus, RuleName: 'r' }, values: [3, 4] }] });
 *   env: { AWS_ENDPOINT_URL_CLOUDWATCH: cw.url }
 *
 * A query whose metric and dimensions (exactly) match no series gets no data points, as CloudWatch answers
 * for a metric that was never sent. `faults` plant errors (e.g. AccessDeniedException on GetMetricData).
 */
import { jsonRpcHandler, startLoopback, FakeAwsError, type Loopback, type PlantedFault } from './loopback.js';

export interface FakeSeries {
  namespace?: string;
  metric: string;
  dimensions: Record<string, string>;
  /** Data points inside any window asked for (the fake does not model time). */
  values: number[];
}

export interface FakeCloudWatch extends Loopback {
  series: FakeSeries[];
}

const ERRORS: Record<string, { type: string; queryCode: string; status?: number }> = {
  AccessDeniedException: { type: 'com.amazon.coral.service#AccessDeniedException', queryCode: 'AccessDenied', status: 403 },
  InvalidParameterValueException: { type: 'com.amazonaws.cloudwatch#InvalidParameterValueException', queryCode: 'InvalidParameterValue' },
  ThrottlingException: { type: 'com.amazon.coral.availability#ThrottlingException', queryCode: 'Throttling' },
};

const sameDimensions = (a: Record<string, string>, b: Array<{ Name?: string; Value?: string }>) =>
  Object.keys(a).length === b.length && b.every((d) => d.Name !== undefined && a[d.Name] === d.Value);

export async function startFakeCloudWatch(options: { series?: FakeSeries[]; faults?: PlantedFault[] } = {}): Promise<FakeCloudWatch> {
  const series = options.series ?? [];
  const faults = options.faults ?? [];
  const operations = {
    GetMetricData(body: Record<string, unknown>) {
      const queries = body.MetricDataQueries as Array<Record<string, any>> | undefined;
      if (!Array.isArray(queries) || queries.length === 0) throw new FakeAwsError('InvalidParameterValueException', 'The parameter MetricDataQueries is required.');
      if (queries.length > 500) throw new FakeAwsError('InvalidParameterValueException', 'The collection MetricDataQueries must not have a size greater than 500.');
      if (typeof body.StartTime !== 'number' || typeof body.EndTime !== 'number') throw new FakeAwsError('InvalidParameterValueException', 'StartTime and EndTime are required.');
      const end = body.EndTime as number;
      return {
        MetricDataResults: queries.map((q) => {
          const metric = q.MetricStat?.Metric ?? {};
          const hit = series.find(
            (s) => (s.namespace ?? 'AWS/Events') === metric.Namespace && s.metric === metric.MetricName && sameDimensions(s.dimensions, metric.Dimensions ?? []),
          );
          const values = hit?.values ?? [];
          return { Id: q.Id, Label: metric.MetricName, Timestamps: values.map((_, i) => end - 60 * (i + 1)), Values: values, StatusCode: 'Complete' };
        }),
        Messages: [],
      };
    },
  };
  const loop = await startLoopback(
    jsonRpcHandler({
      targetPrefix: 'GraniteServiceVersion20100801',
      version: '1.0',
      operations,
      faults,
      errorShape: (code) => ERRORS[code] ?? { type: code, queryCode: code },
      deniedAction: (op) => `cloudwatch:${op}`,
    }),
    faults,
  );
  return { ...loop, series };
}
