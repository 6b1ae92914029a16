region = "eu-west-1"
queues = {
  orders = {
}
