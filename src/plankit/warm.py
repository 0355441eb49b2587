"""Importing this module loads and warms every lazy part of the pipeline
(its regular expressions, OpenCC, jieba's dictionary): what the fork server
of a batch preloads, so that each worker starts ready (plankit.batch)."""

from plankit.pipeline import parse_text

parse_text("预热:一、目标\n力争新增企业5家,投资300万元,增长6.5%左右。科學(xué)")
