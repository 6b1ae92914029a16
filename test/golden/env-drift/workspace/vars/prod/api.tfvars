domain          = "api.example.com"
certificate_arn = "api-example-com"
