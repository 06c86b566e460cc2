// Why an expression for f(x, y) was refused, in Chinese (English: engine/expression/errors.ts),
// from the same data: the token, its 1-based position, the limits.

import type { ExpressionError } from "../engine/expression/errors.ts";

function showCharZh(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  if (code === 10 || code === 13) return "换行";
  if (code > 32 && code < 127) return `"${c}"`;
  return `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
}

export function expressionErrorZh(e: ExpressionError): string {
  switch (e.kind) {
    case "empty":
      return "是空的：请输入含 x 和 y 的表达式，例如 x^2 + 10*y^2";
    case "tooLong":
      return `过长（${e.length} 个字符，最多 ${e.max} 个）`;
    case "tooDeep":
      return `在第 ${e.position} 个字符处括号或函数调用嵌套超过 ${e.max} 层`;
    case "badChar":
      return `不能包含 ${showCharZh(e.token)}（第 ${e.position} 个字符）；只能用数字、x、y、pi、e、+ - * / ^、括号和列出的函数`;
    case "unknownName":
      return `在第 ${e.position} 个字符处用了未知的名字"${e.token}"；只允许 x、y、pi、e 和列出的函数`;
    case "notFunction":
      return `在第 ${e.position} 个字符处使用函数"${e.token}"却没有参数；请写 ${e.token}(...)`;
    case "notCallable":
      return `在第 ${e.position} 个字符处把"${e.token}"当作函数调用；相乘请写 ${e.token}*(...)`;
    case "badNumber":
      return `在第 ${e.position} 个字符处的数"${e.token}"超出了双精度范围`;
    case "unbalanced":
      return e.token === "(" ? `第 ${e.position} 个字符处的"("没有闭合` : `第 ${e.position} 个字符处的")"没有对应的"("`;
    case "syntax":
      return `无法解析（第 ${e.position} 个字符处）：${e.detail}`;
    case "notAllowed":
      return `在第 ${e.position} 个字符处用了"${e.token}"（${e.construct}），这是不允许的`;
    case "arity":
      return `在第 ${e.position} 个字符处调用"${e.token}"时给了 ${e.got} 个参数；它需要 ${e.min === e.max ? e.min : `${e.min} 到 ${e.max}`} 个`;
    case "notFiniteAtStart":
      return `${e.what === "f" ? "在" : "的梯度在"}起点 (${e.x}, ${e.y}) 处不是有限值：${e.what} = ${e.value}；请换一个起点或表达式`;
    case "overflow":
      return `溢出：在视图的 ${Math.round(e.share * 100)}% 上 |f| > ${e.limit.toExponential(0)} 或不是有限值；请把它变小或缩小视图`;
    case "flat":
      return `是平的：视图内处处 f = ${e.value}，没有可下降的方向`;
  }
}
