# SYNTAX TEST "source.premortem.terraform" "references, functions, for expressions, splats, numbers and operators"
locals {
  refs = [var.a, local.b, module.c.d, data.aws_iam_role.e.arn, each.key, count.index, self.id, path.module, terraform.workspace]
#         ^^^ variable.language.terraform
#             ^ variable.other.member.terraform
#                ^^^^^ variable.language.terraform
#                         ^^^^^^ variable.language.terraform
#                                     ^^^^ variable.language.terraform
#                                          ^^^^^^^^^^^^ entity.name.type.terraform
#                                                              ^^^^ variable.language.terraform
#                                                                        ^^^^^ variable.language.terraform
#                                                                                     ^^^^ variable.language.terraform
#                                                                                              ^^^^ variable.language.terraform
#                                                                                                           ^^^^^^^^^ variable.language.terraform
#                                                                                                                     ^^^^^^^^^ variable.other.member.terraform
  res = aws_s3_bucket.logs.arn
#       ^^^^^^^^^^^^^ entity.name.type.terraform
#                    ^ punctuation.accessor.terraform
#                     ^^^^ variable.other.member.terraform
#                          ^^^ variable.other.member.terraform
  legacy = aws_instance.web.0.id
#                           ^ constant.numeric.integer.terraform
  splats = [aws_instance.web[*].id, var.list.*.name]
#                           ^ punctuation.section.brackets.begin.terraform
#                            ^ keyword.operator.splat.terraform
#                                            ^ keyword.operator.splat.terraform
  arn  = provider::aws::arn_parse(var.role).account_id
#        ^^^^^^^^ meta.function-call.terraform entity.name.namespace.terraform
#                ^^ punctuation.separator.namespace.terraform
#                  ^^^ entity.name.namespace.terraform
#                       ^^^^^^^^^ meta.function-call.terraform support.function.terraform
#                                ^ punctuation.section.arguments.begin.terraform
#                                           ^^^^^^^^^^ variable.other.member.terraform - meta.function-call.terraform
  call = merge(var.tags, { Name = "x" }, local.extra...)
#        ^^^^^ meta.function-call.terraform support.function.builtin.terraform
#                                                   ^^^ meta.function-call.terraform keyword.operator.spread.terraform
  list = [for i, s in var.names : upper(s) if s != ""]
#         ^^^ meta.brackets.terraform meta.for.terraform keyword.control.for.terraform
#             ^ meta.for.terraform variable.parameter.terraform
#                ^ meta.for.terraform variable.parameter.terraform
#                  ^^ meta.for.terraform keyword.control.in.terraform
#                               ^ meta.for.terraform punctuation.separator.colon.terraform
#                                          ^^ meta.brackets.terraform keyword.control.if.terraform
  map  = { for k, v in var.m : k => v... if v != null }
#          ^^^ meta.braces.terraform meta.for.terraform keyword.control.for.terraform
#                                ^^ keyword.operator.arrow.terraform
#                                    ^^^ keyword.operator.spread.terraform
#                                        ^^ keyword.control.if.terraform
#                                                ^^^^ constant.language.null.terraform
  nums = [0, 42, -17, 3.14, 1e3, 2.5E-3, 6.02e+23]
#         ^ constant.numeric.integer.terraform
#            ^^ constant.numeric.integer.terraform
#                ^ keyword.operator.arithmetic.terraform
#                 ^^ constant.numeric.integer.terraform
#                     ^^^^ constant.numeric.float.terraform
#                           ^^^ constant.numeric.float.terraform
#                                ^^^^^^ constant.numeric.float.terraform
#                                        ^^^^^^^^ constant.numeric.float.terraform
  ops  = !a && b || c == d && e != f && g <= h && i >= j && k < l && m > n ? 1 + 2 * 3 / 4 % 5 - 6 : 0
#        ^ keyword.operator.logical.terraform
#           ^^ keyword.operator.logical.terraform
#                ^^ keyword.operator.logical.terraform
#                     ^^ keyword.operator.comparison.terraform
#                               ^^ keyword.operator.comparison.terraform
#                                         ^^ keyword.operator.comparison.terraform
#                                                   ^^ keyword.operator.comparison.terraform
#                                                             ^ keyword.operator.comparison.terraform
#                                                                          ^ keyword.operator.ternary.terraform
#                                                                                  ^ keyword.operator.arithmetic.terraform
#                                                                                      ^ keyword.operator.arithmetic.terraform
#                                                                                          ^ keyword.operator.arithmetic.terraform
#                                                                                                  ^ keyword.operator.ternary.terraform
  dash = local.my-value - local.other
#              ^^^^^^^^ variable.other.member.terraform
#                       ^ keyword.operator.arithmetic.terraform
  bool = [true, false, null, truely]
#         ^^^^ constant.language.boolean.terraform
#               ^^^^^ constant.language.boolean.terraform
#                            ^^^^^^ variable.other.readwrite.terraform - constant.language.boolean.terraform
}
variable "x" {
  type = map(object({ name = string, size = optional(number, 1), tags = list(any) }))
#        ^^^ storage.type.complex.terraform
#            ^^^^^^ storage.type.complex.terraform
#                            ^^^^^^ storage.type.primitive.terraform
#                                           ^^^^^^^^ storage.type.complex.terraform
#                                                    ^^^^^^ storage.type.primitive.terraform
#                                                                            ^^^ storage.type.primitive.terraform
}
