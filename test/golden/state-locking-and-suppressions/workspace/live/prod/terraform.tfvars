queues = {
  orders   = {}
  invoices = { retention = 1209600 }
}
