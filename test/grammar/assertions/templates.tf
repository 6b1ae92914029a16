# SYNTAX TEST "source.premortem.terraform" "interpolation, directives, strip markers and escapes"
locals {
  nested = "a ${upper("b ${var.c} d")} e"
#           ^^ string.quoted.double.terraform - meta.embedded.line.interpolation.terraform
#             ^^ string.quoted.double.terraform meta.embedded.line.interpolation.terraform punctuation.section.interpolation.begin.terraform
#               ^^^^^ meta.embedded.line.interpolation.terraform meta.function-call.terraform support.function.builtin.terraform
#                      ^^ meta.embedded.line.interpolation.terraform meta.function-call.terraform string.quoted.double.terraform
#                        ^^ string.quoted.double.terraform meta.embedded.line.interpolation.terraform string.quoted.double.terraform meta.embedded.line.interpolation.terraform punctuation.section.interpolation.begin.terraform
#                          ^^^ string.quoted.double.terraform meta.embedded.line.interpolation.terraform string.quoted.double.terraform meta.embedded.line.interpolation.terraform variable.language.terraform
#                              ^ meta.embedded.line.interpolation.terraform string.quoted.double.terraform meta.embedded.line.interpolation.terraform variable.other.member.terraform
#                               ^ meta.embedded.line.interpolation.terraform string.quoted.double.terraform meta.embedded.line.interpolation.terraform punctuation.section.interpolation.end.terraform
#                                ^^ meta.embedded.line.interpolation.terraform meta.function-call.terraform string.quoted.double.terraform
#                                  ^ meta.embedded.line.interpolation.terraform string.quoted.double.terraform punctuation.definition.string.end.terraform
#                                   ^ meta.function-call.terraform punctuation.section.arguments.end.terraform
#                                    ^ string.quoted.double.terraform meta.embedded.line.interpolation.terraform punctuation.section.interpolation.end.terraform
#                                     ^^ string.quoted.double.terraform - meta.embedded.line.interpolation.terraform

  strip = "a ${~ var.x ~} b"
#            ^^ punctuation.section.interpolation.begin.terraform
#              ^ meta.embedded.line.interpolation.terraform keyword.operator.strip.terraform
#                      ^ meta.embedded.line.interpolation.terraform keyword.operator.strip.terraform
#                       ^ punctuation.section.interpolation.end.terraform
#                        ^^ string.quoted.double.terraform - meta.embedded.line.interpolation.terraform

  list = "%{ for i, v in var.items ~}${v}%{ if i < 2 },%{ else };%{ endif }%{~ endfor }"
#         ^^ string.quoted.double.terraform meta.embedded.line.directive.terraform punctuation.section.directive.begin.terraform
#            ^^^ meta.embedded.line.directive.terraform keyword.control.for.terraform
#                ^ meta.embedded.line.directive.terraform variable.parameter.terraform
#                   ^ meta.embedded.line.directive.terraform variable.parameter.terraform
#                     ^^ meta.embedded.line.directive.terraform keyword.control.in.terraform
#                        ^^^ meta.embedded.line.directive.terraform variable.language.terraform
#                                  ^ keyword.operator.strip.terraform
#                                   ^ punctuation.section.directive.end.terraform
#                                    ^^ meta.embedded.line.interpolation.terraform punctuation.section.interpolation.begin.terraform
#                                           ^^ meta.embedded.line.directive.terraform keyword.control.if.terraform
#                                                ^ meta.embedded.line.directive.terraform keyword.operator.comparison.terraform
#                                                  ^ meta.embedded.line.directive.terraform constant.numeric.integer.terraform
#                                                     ^ string.quoted.double.terraform - meta.embedded.line.directive.terraform
#                                                         ^^^^ meta.embedded.line.directive.terraform keyword.control.else.terraform
#                                                               ^ string.quoted.double.terraform - meta.embedded.line.directive.terraform
#                                                                   ^^^^^ meta.embedded.line.directive.terraform keyword.control.endif.terraform
#                                                                            ^ keyword.operator.strip.terraform
#                                                                              ^^^^^^ meta.embedded.line.directive.terraform keyword.control.endfor.terraform

  escapes = "$${HOME} %%{ if } $HOME 100% \"q\" \n \u00e9 \/ \q ${"}"}"
#            ^^^ string.quoted.double.terraform constant.character.escape.terraform
#               ^^^^^ string.quoted.double.terraform - meta.embedded.line.interpolation.terraform constant.character.escape.terraform
#                     ^^^ string.quoted.double.terraform constant.character.escape.terraform
#                        ^^^^^ string.quoted.double.terraform - meta.embedded.line.directive.terraform keyword.control.if.terraform
#                              ^^^^^^^^^^ string.quoted.double.terraform - constant.character.escape.terraform meta.embedded.line.interpolation.terraform
#                                         ^^ string.quoted.double.terraform constant.character.escape.terraform
#                                           ^ string.quoted.double.terraform - constant.character.escape.terraform punctuation.definition.string.end.terraform
#                                            ^^ string.quoted.double.terraform constant.character.escape.terraform
#                                               ^^ constant.character.escape.terraform
#                                                  ^^^^^^ constant.character.escape.terraform
#                                                         ^^ constant.character.escape.terraform
#                                                            ^^ invalid.illegal.escape.terraform
#                                                                 ^^^ meta.embedded.line.interpolation.terraform string.quoted.double.terraform
#                                                                    ^ string.quoted.double.terraform meta.embedded.line.interpolation.terraform punctuation.section.interpolation.end.terraform

  multi_line = "x-${
#                 ^^ string.quoted.double.terraform meta.embedded.line.interpolation.terraform punctuation.section.interpolation.begin.terraform
    var.environment
#   ^^^ string.quoted.double.terraform meta.embedded.line.interpolation.terraform variable.language.terraform
  }-y"
# ^ string.quoted.double.terraform meta.embedded.line.interpolation.terraform punctuation.section.interpolation.end.terraform
#  ^^ string.quoted.double.terraform - meta.embedded.line.interpolation.terraform
#    ^ punctuation.definition.string.end.terraform
}
