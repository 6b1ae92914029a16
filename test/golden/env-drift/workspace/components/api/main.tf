variable "certificate_arn" {
  type = string
}

variable "domain" {
  type = string
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/api/1234567890abcdef"
  port              = 443
  certificate_arn   = var.certificate_arn
}
