domain          = "api.staging.example.com"
certificate_arn = "arn:aws:acm:eu-west-1:111122223333:certificate/0b1c2d3e-aaaa-bbbb-cccc-1234567890ab"
