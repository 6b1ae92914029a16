# ---------------------------------------------------------------------------
# Event dispatcher: invoked asynchronously by SNS. When Lambda is unavailable
# for longer than the event age, events are discarded with nowhere to go.
# ---------------------------------------------------------------------------

resource "aws_sns_topic" "workflow_events" {
  name = "flowhooks-workflow-events"
}

resource "aws_lambda_function" "dispatcher" {
  function_name = "flowhooks-dispatcher"
  role          = aws_iam_role.runtime.arn
  runtime       = "nodejs20.x"
  handler       = "dispatcher.handler"
  filename      = local.lambda_package
  timeout       = 30
  memory_size   = 512
}

resource "aws_lambda_permission" "dispatcher_from_sns" {
  statement_id  = "AllowSNSInvoke"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.dispatcher.function_name
  principal     = "sns.amazonaws.com"
  source_arn    = aws_sns_topic.workflow_events.arn
}

resource "aws_sns_topic_subscription" "dispatcher" {
  topic_arn = aws_sns_topic.workflow_events.arn
  protocol  = "lambda"
  endpoint  = aws_lambda_function.dispatcher.arn
}

resource "aws_lambda_function_event_invoke_config" "dispatcher" {
  function_name                = aws_lambda_function.dispatcher.function_name
  maximum_event_age_in_seconds = 900
  maximum_retry_attempts       = 2
}

# ---------------------------------------------------------------------------
# Workflow runner: consumes the intake queue.
# ---------------------------------------------------------------------------

resource "aws_sqs_queue" "workflow_runs_dlq" {
  name = "flowhooks-workflow-runs-dlq"
}

resource "aws_sqs_queue" "workflow_runs" {
  name                       = "flowhooks-workflow-runs"
  message_retention_seconds  = var.event_retention_seconds
  visibility_timeout_seconds = 120

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.workflow_runs_dlq.arn
    maxReceiveCount     = 5
  })
}

resource "aws_lambda_function" "runner" {
  function_name = "flowhooks-runner"
  role          = aws_iam_role.runtime.arn
  runtime       = "nodejs20.x"
  handler       = "runner.handler"
  filename      = local.lambda_package
  timeout       = 60
  memory_size   = 1024
}

resource "aws_lambda_event_source_mapping" "runner" {
  event_source_arn = aws_sqs_queue.workflow_runs.arn
  function_name    = aws_lambda_function.runner.arn
  batch_size       = 10
}

# ---------------------------------------------------------------------------
# Webhook delivery: no redrive, and the queue hides a message for less time
# than the function may spend on it.
# ---------------------------------------------------------------------------

resource "aws_sqs_queue" "webhook_deliveries" {
  name                      = "flowhooks-webhook-deliveries"
  message_retention_seconds = 86400
}

resource "aws_lambda_function" "webhook_sender" {
  function_name                  = "flowhooks-webhook-sender"
  role                           = aws_iam_role.runtime.arn
  runtime                        = "nodejs20.x"
  handler                        = "webhooks.handler"
  s3_bucket                      = "flowhooks-artifacts"
  s3_key                         = "webhook-sender/2024-02-12.zip"
  timeout                        = 300
  reserved_concurrent_executions = 50
}

resource "aws_lambda_event_source_mapping" "webhook_sender" {
  event_source_arn        = aws_sqs_queue.webhook_deliveries.arn
  function_name           = aws_lambda_function.webhook_sender.arn
  batch_size              = 5
  function_response_types = ["ReportBatchItemFailures"]
}

# ---------------------------------------------------------------------------
# Audit trail: a Kinesis stream mapping that retries a bad record forever.
# ---------------------------------------------------------------------------

resource "aws_kinesis_stream" "audit" {
  name             = "flowhooks-audit"
  retention_period = 168

  stream_mode_details {
    stream_mode = "ON_DEMAND"
  }
}

resource "aws_lambda_function" "audit_indexer" {
  function_name = "flowhooks-audit-indexer"
  role          = aws_iam_role.runtime.arn
  runtime       = "python3.12"
  handler       = "indexer.handler"
  filename      = local.lambda_package
  timeout       = 60
}

resource "aws_lambda_event_source_mapping" "audit_indexer" {
  event_source_arn  = aws_kinesis_stream.audit.arn
  function_name     = aws_lambda_function.audit_indexer.arn
  starting_position = "TRIM_HORIZON"
  batch_size        = 100
}
