variable "genesys_org_id" {
  description = "Genesys Cloud organization id (from the integration)"
  type        = string
  default     = "7c1d2a4e-5b6f-4a3c-9d8e-0f1a2b3c4d5e"
}

variable "event_source_suffix" {
  type    = string
  default = "gceb-sample"
}

variable "queue_id" {
  description = "Queue whose abandoned calls page the supervisor; given per environment"
  type        = string
}

variable "min_wait_ms" {
  description = "Waits longer than this (ms) count as long"
  type        = list(string)
  default     = [12000]
}

variable "presence_pattern" {
  description = "Pattern for presence changes, as JSON"
  type        = string
  default     = "{\"source\":[{\"prefix\":\"aws.partner/genesys.com\"}],\"detail-type\":[\"v2.users.{id}.presence\"]}"
}
