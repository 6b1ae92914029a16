# SYNTAX TEST "source.premortem.terraform-vars" "a .tfvars file"
region = "eu-west-1" # comment
# <------ source.premortem.terraform-vars meta.attribute.terraform variable.other.property.terraform
#        ^^^^^^^^^^^ string.quoted.double.terraform
#                    ^ comment.line.number-sign.terraform punctuation.definition.comment.terraform
zones  = ["a", "b"]
#        ^ meta.brackets.terraform punctuation.section.brackets.begin.terraform
sizes  = { small = 1, "x-large" = 8 }
#          ^^^^^ variable.other.property.key.terraform
#                      ^^^^^^^ support.type.property-name.terraform
ratio  = 0.5
#        ^^^ constant.numeric.float.terraform
banner = <<-EOT
#        ^^^ keyword.operator.heredoc.terraform
  Hello ${name}
# ^^^^^ string.unquoted.heredoc.terraform
#       ^^ meta.embedded.line.interpolation.terraform punctuation.section.interpolation.begin.terraform
  EOT
# ^^^ keyword.control.heredoc-token.terraform
empty  = null
# <----- variable.other.property.terraform - string.unquoted.heredoc.terraform
#        ^^^^ constant.language.null.terraform
