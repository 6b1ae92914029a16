# SYNTAX TEST "source.premortem.terraform" "broken input stays local"
resource "a" "b" {
  name = "unclosed
#         ^^^^^^^^ string.quoted.double.terraform
  next = "fine"
# ^^^^ meta.attribute.terraform variable.other.property.terraform - string.quoted.double.terraform
#        ^^^^^^ string.quoted.double.terraform
  list = [1, 2
  after_list = 3
# ^^^^^^^^^^ meta.block.terraform meta.attribute.terraform variable.other.property.terraform - meta.brackets.terraform
  call = merge(var.a,
}
# <- meta.block.terraform punctuation.section.block.end.terraform - meta.function-call.terraform
resource "c" "d" {
# <-------- meta.block.terraform entity.name.type.terraform
  interp = "${var.
  other = 1
# ^^^^^ meta.block.terraform meta.attribute.terraform variable.other.property.terraform - string.quoted.double.terraform meta.embedded.line.interpolation.terraform
  obj = {
    key = 1
#   ^^^ meta.braces.terraform variable.other.property.key.terraform
resource "e" "f" {
# <-------- entity.name.type.terraform - meta.braces.terraform
  stray = 1 ] ) }
# ^^^^^ variable.other.property.terraform
  ok = 2
# ^^ meta.block.terraform variable.other.property.terraform
}
locals {
  text = <<EOT
  an unclosed heredoc runs to the end of the file
resource "g" "h" {}
# <------------------- string.unquoted.heredoc.terraform - entity.name.type.terraform
