resource "aws_route53_zone" "public" {
  name = local.domain
}

# Written by the regional planner: points the API at the current fleet.
resource "aws_route53_record" "api_planned" {
  zone_id         = aws_route53_zone.public.zone_id
  name            = "api.edgedns.example"
  type            = "CNAME"
  ttl             = 60
  records         = ["api-fleet-2025-10-19.us-east-1.edgedns.example"]
  allow_overwrite = true
}

# Written by the failover runbook for the very same name. Whichever apply runs
# last wins, and destroying either resource deletes the record the other one
# still relies on.
resource "aws_route53_record" "api_failover" {
  zone_id         = aws_route53_zone.public.zone_id
  name            = "api.${local.domain}"
  type            = "CNAME"
  ttl             = 60
  records         = ["api-fleet-standby.us-west-2.edgedns.example"]
  allow_overwrite = true
}
