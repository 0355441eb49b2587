"""Web pages made from plain text for the tests and benchmarks, with the
chrome of Chinese government sites around the text: a header and a
navigation bar, breadcrumbs, a sidebar of links and figures (``12家``), a
visitor counter (``访问量: 12345678位``), related articles, a footer with the
ICP record. :func:`modern_page` puts each line of the text in a ``<p>`` of an
article; :func:`table_page` is the old layout, the text in one table cell
with ``<br>`` between lines.
"""

from __future__ import annotations

import re
from html import escape

CHROME_WORDS = ("网站首页", "政务公开", "访问量", "12345678", "相关链接", "版权所有", "ICP备", "入驻企业12家",
                "上一篇", "扫一扫")


def _header() -> str:
    return """<div class="top"><div class="logo">某某市人民政府 门户网站</div>
<div class="tools"><a href="/">网站首页</a> | <a href="/en">English</a> | <a href="#">无障碍</a> | <a href="#">繁體</a></div></div>
<div class="nav"><ul><li><a href="/">网站首页</a></li><li><a href="/zwgk">政务公开</a></li><li><a href="/zmhd">政民互动</a></li>
<li><a href="/bsfw">办事服务</a></li><li><a href="/zjmc">走进某某</a></li></ul></div>
<div class="crumbs">当前位置: <a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; <a href="/ghjh">规划计划</a></div>"""


def _sidebar() -> str:
    return """<div class="side"><h3>相关链接</h3><ul><li><a href="/a1">关于印发2023年工作要点的通知</a></li>
<li><a href="/a2">某某市2022年国民经济和社会发展统计公报</a></li><li><a href="/a3">园区入驻企业12家</a></li>
<li><a href="/a4">新增就业岗位3000个的招聘会举行</a></li></ul>
<div class="hot"><h3>热点专题</h3><p><a href="/z1">优化营商环境</a></p><p><a href="/z2">乡村振兴 共建美丽家园</a></p></div></div>"""


def _footer() -> str:
    return """<div class="share">分享到: 微信 微博 <span>扫一扫在手机打开当前页</span></div>
<div class="pager"><a href="/prev">上一篇: 2022年工作总结</a> <a href="/next">下一篇: 关于开展安全生产检查的通知</a></div>
<div class="related"><h3>相关文章</h3><ul><li><a href="/r1">全市完成投资50亿元</a></li><li><a href="/r2">新建5G基站800个</a></li></ul></div>
<div class="footer"><p>主办: 某某市人民政府办公室 承办: 某某市大数据中心</p>
<p>版权所有 某某市人民政府 网站标识码1234000001 京ICP备12345678号-1 京公网安备 11010502030001号</p>
<p>您是本站第 <span class="count">12345678</span> 位访客 访问量: 12345678位</p></div>"""


def _head(title: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>{escape(title)}_某某市人民政府</title>'
            '<style>.nav li{display:inline}</style><script>var visits = 12345678; var firms = "12家";</script></head>')


_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）])")


def _styled(line: str) -> str:
    """A paragraph as editors' tools write it: indented with non-breaking
    spaces, headings in bold, numbers sometimes in a span of their own."""
    if not line.strip():
        return "<p><br></p>"
    if _HEADING.match(line) and len(line) < 40:
        return f'<p style="text-indent:2em"><strong>{escape(line)}</strong></p>'
    body = re.sub(r"(\d+(?:\.\d+)?)(?=[万亿个家%])", r'<span style="font-family:Times New Roman">\1</span>',
                  escape(line), count=1)
    return f'<p style="text-indent:2em;line-height:2">&nbsp;&nbsp;<span style="font-size:16px">{body}</span></p>'


def modern_page(text: str, styled: bool = False) -> str:
    """The text as an article of a government site of today; ``styled``: the
    first line a title above the article, paragraphs as rich-text editors write them."""
    lines = text.split("\n")
    title = next((line.strip() for line in lines if line.strip()), "")
    if styled:
        lines = lines[lines.index(next(line for line in lines if line.strip())) + 1:] if title else lines
        body = "\n".join(map(_styled, lines))
        heading = f'<h1 class="title">{escape(title)}</h1>'
    else:
        body = "\n".join(f"<p>{escape(line)}</p>" if line.strip() else "<p><br></p>" for line in lines)
        heading = ""
    return (_head(title) + "<body>" + _header() + f'<div class="main"><div class="content">{heading}'
            f'<div class="info">发布时间: 2023-02-01 来源: 市发展改革委 浏览次数: 1234 字号: [大 中 小]</div>'
            f'<div class="article" id="zoom">{body}</div></div>' + _sidebar() + "</div>" + _footer() + "</body></html>")


def table_page(text: str) -> str:
    """The text in the layout of the 2000s: tables, one cell holding the text with <br> between lines."""
    lines = text.split("\n")
    title = next((line.strip() for line in lines if line.strip()), "")
    body = "<br>\n".join(escape(line) for line in lines)
    return (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><title>{escape(title)}</title></head>'
            '<body><table width="980" border="0" cellpadding="0" cellspacing="0"><tr><td>'
            '<table width="100%"><tr><td><a href="/">网站首页</a> | <a href="/zwgk">政务公开</a> | '
            '<a href="/bsfw">办事服务</a></td></tr></table>'
            '<table width="100%"><tr><td width="200" valign="top"><a href="/a1">通知公告</a><br><a href="/a2">政策法规</a>'
            '<br><a href="/a3">园区入驻企业12家</a></td>'
            f'<td valign="top"><font size="3">{body}</font></td></tr></table>'
            '<table width="100%"><tr><td align="center">版权所有 某某市人民政府 京ICP备12345678号<br>'
            '您是本站第12345678位访客 访问量: 12345678位</td></tr></table>'
            "</td></tr></table></body></html>")
