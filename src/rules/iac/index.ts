/** Rules from infrastructure code: CloudFormation/SAM, CDK assemblies, Terraform (plans and .tf), Serverless Framework. */
export { loadIacRules, iacKindOf, iacToTestRules } from './load.js';
export { pathKey, lineOf, type IacKind, type IacLoad, type IacNote, type IacRule, type RuleLocation, type Unresolved, type Encoding } from './types.js';
