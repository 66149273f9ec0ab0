# Genesys Cloud rules on the partner event bus.
locals {
  partner_bus = "aws.partner/genesys.com/cloud/${var.genesys_org_id}/${var.event_source_suffix}"
}

resource "aws_cloudwatch_event_rule" "customer_start" {
  name           = "genesys-customer-start"
  event_bus_name = local.partner_bus
  event_pattern = jsonencode({
    source        = [local.partner_bus]
    "detail-type" = ["v2.detail.events.conversation.{id}.customer.start"]
    detail = {
      eventBody = {
        mediaType = ["VOICE"]
      }
    }
  })
}

resource "aws_cloudwatch_event_target" "customer_start" {
  rule           = aws_cloudwatch_event_rule.customer_start.name
  event_bus_name = local.partner_bus
  arn            = aws_sqs_queue.calls.arn
}

resource "aws_cloudwatch_event_rule" "long_waits" {
  name           = "genesys-long-waits"
  event_bus_name = local.partner_bus
  event_pattern = jsonencode({
    source        = [{ prefix = "aws.partner/genesys.com" }]
    "detail-type" = ["v2.detail.events.conversation.{id}.acd.end"]
    detail = {
      eventBody = {
        interactingDurationMs = var.min_wait_ms
      }
    }
  })
}

resource "aws_cloudwatch_event_target" "long_waits" {
  rule           = aws_cloudwatch_event_rule.long_waits.name
  event_bus_name = local.partner_bus
  arn            = aws_sqs_queue.calls.arn
}

resource "aws_cloudwatch_event_rule" "voicemail" {
  name           = "genesys-voicemail"
  event_bus_name = local.partner_bus
  event_pattern  = <<EOF
{
  "source": [{"prefix": "aws.partner/genesys.com"}],
  "detail-type": ["v2.detail.events.conversation.{id}.voicemail.end"],
  "detail": {
    "eventBody": {
      "mediaType": ["voice"]
    }
  }
}
EOF
}

resource "aws_cloudwatch_event_rule" "abandoned" {
  name           = "genesys-abandoned"
  event_bus_name = local.partner_bus
  event_pattern = jsonencode({
    "detail-type" = ["v2.detail.events.conversation.{id}.acd.end"]
    detail = {
      eventBody = {
        queueId    = [var.queue_id]
        acdOutcome = ["ABANDON"]
      }
    }
  })
}

resource "aws_cloudwatch_event_rule" "presence" {
  name           = "genesys-presence"
  event_bus_name = local.partner_bus
  event_pattern  = jsonencode(var.presence_pattern)
}
