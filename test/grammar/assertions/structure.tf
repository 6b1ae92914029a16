# SYNTAX TEST "source.premortem.terraform" "blocks, labels, attributes, object keys and comments"
resource "aws_s3_bucket" "logs" { # trailing
# <-------- meta.block.terraform entity.name.type.terraform
#        ^ meta.block.terraform variable.other.enummember.terraform punctuation.definition.label.begin.terraform
#         ^^^^^^^^^^^^^ meta.block.terraform variable.other.enummember.terraform
#                         ^^^^ meta.block.terraform variable.other.enummember.terraform
#                               ^ meta.block.terraform punctuation.section.block.begin.terraform
#                                 ^ comment.line.number-sign.terraform punctuation.definition.comment.terraform
  bucket = "acme-logs" // trailing
# ^^^^^^ meta.block.terraform meta.attribute.terraform variable.other.property.terraform
#        ^ meta.attribute.terraform keyword.operator.assignment.terraform
#                      ^^ comment.line.double-slash.terraform punctuation.definition.comment.terraform
  for = 1
# ^^^ variable.other.property.terraform - keyword.control.for.terraform
  if = true
# ^^ variable.other.property.terraform - keyword.control.if.terraform
  count = 2
# ^^^^^ variable.other.property.terraform - variable.language.terraform

  lifecycle {
# ^^^^^^^^^ meta.block.terraform meta.block.terraform entity.name.type.terraform
    prevent_destroy = true
#   ^^^^^^^^^^^^^^^ meta.block.terraform meta.block.terraform meta.attribute.terraform variable.other.property.terraform
  }
# ^ meta.block.terraform meta.block.terraform punctuation.section.block.end.terraform

  tags = {
#        ^ meta.attribute.terraform meta.braces.terraform punctuation.section.braces.begin.terraform
    Name          = "logs"
#   ^^^^ meta.braces.terraform variable.other.property.key.terraform
    "cost-center" = "cc-1"
#   ^ meta.braces.terraform support.type.property-name.terraform punctuation.definition.string.begin.terraform
#    ^^^^^^^^^^^ meta.braces.terraform support.type.property-name.terraform
    (local.key)   = 3
#    ^^^^^ meta.braces.terraform meta.parens.terraform variable.language.terraform
    colon_style : 4
#   ^^^^^^^^^^^ variable.other.property.key.terraform
#               ^ keyword.operator.assignment.terraform
    /* c */ Env = var.ready ? "a" : "b"
#   ^^ comment.block.terraform punctuation.definition.comment.begin.terraform
#           ^^^ variable.other.property.key.terraform
#                           ^ keyword.operator.ternary.terraform
#                             ^^^ string.quoted.double.terraform - support.type.property-name.terraform
#                                 ^ keyword.operator.ternary.terraform
  }
}
# <- meta.block.terraform punctuation.section.block.end.terraform

module "network" { source = "./modules/network" }
# <------ meta.block.terraform entity.name.type.terraform
#       ^^^^^^^ variable.other.enummember.terraform
#                  ^^^^^^ meta.attribute.terraform variable.other.property.terraform
#                                               ^ meta.block.terraform punctuation.section.block.end.terraform
outer bare_label "quoted" /* comment */ {
# <----- entity.name.type.terraform
#     ^^^^^^^^^^ variable.other.enummember.terraform
#                 ^^^^^^ variable.other.enummember.terraform
#                         ^^^^^^^^^^^^^ meta.block.terraform comment.block.terraform
  inner {
# ^^^^^ meta.block.terraform meta.block.terraform entity.name.type.terraform
    dynamic "setting" {
#   ^^^^^^^ meta.block.terraform meta.block.terraform meta.block.terraform entity.name.type.terraform
#            ^^^^^^^ variable.other.enummember.terraform
      for_each = var.settings
      content { value = setting.value }
#     ^^^^^^^ meta.block.terraform meta.block.terraform meta.block.terraform meta.block.terraform entity.name.type.terraform
#               ^^^^^ meta.attribute.terraform variable.other.property.terraform
#                       ^^^^^^^ variable.other.readwrite.terraform
#                               ^^^^^ variable.other.member.terraform
    }
  }
}
/*
  resource "commented" "out" {}
# ^^^^^^^^ comment.block.terraform - entity.name.type.terraform
*/
# <-- comment.block.terraform punctuation.definition.comment.end.terraform
