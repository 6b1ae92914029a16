# SYNTAX TEST "source.premortem.terraform" "heredoc markers, indented closing, interpolation inside"
locals {
  script = <<-EOT
#          ^^^ string.unquoted.heredoc.terraform keyword.operator.heredoc.terraform
#             ^^^ string.unquoted.heredoc.terraform keyword.control.heredoc-token.terraform
    echo "${var.greeting}" # not a comment
#   ^^^^^^ string.unquoted.heredoc.terraform - string.quoted.double.terraform
#         ^^ string.unquoted.heredoc.terraform meta.embedded.line.interpolation.terraform punctuation.section.interpolation.begin.terraform
#           ^^^ string.unquoted.heredoc.terraform meta.embedded.line.interpolation.terraform variable.language.terraform
#                          ^^^^^^^^^^^^^^^ string.unquoted.heredoc.terraform - comment.line.number-sign.terraform
    export PATH="$${PATH}:/opt/bin" EOT is not the end
#                ^^^ string.unquoted.heredoc.terraform constant.character.escape.terraform
#                                   ^^^ string.unquoted.heredoc.terraform - keyword.control.heredoc-token.terraform
    %{~ if var.debug ~}
#   ^^ string.unquoted.heredoc.terraform meta.embedded.line.directive.terraform punctuation.section.directive.begin.terraform
#       ^^ meta.embedded.line.directive.terraform keyword.control.if.terraform
    set -x
    %{~ endif ~}
#       ^^^^^ meta.embedded.line.directive.terraform keyword.control.endif.terraform
    EOT
#   ^^^ string.unquoted.heredoc.terraform keyword.control.heredoc-token.terraform
  after = 1
# ^^^^^ meta.attribute.terraform variable.other.property.terraform - string.unquoted.heredoc.terraform

  flush = <<END_OF_POLICY
#           ^^^^^^^^^^^^^ keyword.control.heredoc-token.terraform
{ "Resource": "${aws_s3_bucket.logs.arn}/*" }
# <--------------- string.unquoted.heredoc.terraform - meta.braces.terraform string.quoted.double.terraform
#                ^^^^^^^^^^^^^ meta.embedded.line.interpolation.terraform entity.name.type.terraform
END_OF_POLICY_NOT
# <----------------- string.unquoted.heredoc.terraform - keyword.control.heredoc-token.terraform
END_OF_POLICY
  after_flush = true
# ^^^^^^^^^^^ variable.other.property.terraform - string.unquoted.heredoc.terraform
#               ^^^^ constant.language.boolean.terraform

  args = [<<A, "b"]
#         ^^^ meta.brackets.terraform - string.unquoted.heredoc.terraform
#              ^^^ meta.brackets.terraform string.quoted.double.terraform

  docs = concat([<<-DOC
#                ^^^ meta.function-call.terraform meta.brackets.terraform string.unquoted.heredoc.terraform keyword.operator.heredoc.terraform
    first
    DOC
#   ^^^ meta.function-call.terraform meta.brackets.terraform string.unquoted.heredoc.terraform keyword.control.heredoc-token.terraform
  ], [])
# ^ meta.function-call.terraform meta.brackets.terraform punctuation.section.brackets.end.terraform
#      ^ meta.function-call.terraform punctuation.section.arguments.end.terraform
}
