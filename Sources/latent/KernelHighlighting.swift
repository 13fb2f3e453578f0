/// Highlighting files `latent kernel install` writes beside the kernelspec.
///
/// `latent_lexer.py` is a Pygments lexer for latent cells (`pygmentize -l latent_lexer.py:LatentLexer -x`;
/// the wrapper kernel registers it with Pygments in its own process, so tools that run there find
/// `latent`). `kernel.js` defines the CodeMirror mode `latent` that the classic Notebook loads from a
/// kernelspec; JupyterLab, which does not load kernel.js, highlights with the `python` mode
/// `language_info` names (latent's keywords, comments, strings and numbers read alike).
let kernelLexerSource = #"""
"""Pygments lexer for latent, written by `latent kernel install`."""
from pygments.lexer import RegexLexer, bygroups, words
from pygments.token import Comment, Keyword, Name, Number, Operator, Punctuation, String, Text, Whitespace


class LatentLexer(RegexLexer):
    name = "latent"
    aliases = ["latent"]
    filenames = ["*.latent"]
    mimetypes = ["text/x-latent"]

    tokens = {
        "root": [
            (r"\s+", Whitespace),
            (r"#.*$", Comment.Single),
            (r'"', String.Double, "string"),
            (words(("for", "in", "repeat", "if", "else", "def", "return", "assert"), suffix=r"\b"), Keyword),
            (words(("and", "or", "not"), suffix=r"\b"), Operator.Word),
            (words(("true", "false", "none"), suffix=r"\b"), Keyword.Constant),
            (r"(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", Number),
            (r"([A-Za-z_][A-Za-z0-9_]*)(=)", bygroups(Name.Attribute, Operator)),
            (r"^([ \t]*)([A-Za-z_][A-Za-z0-9_]*)(\s*=)", bygroups(Whitespace, Name.Variable, Operator)),
            (r"[A-Za-z_][A-Za-z0-9_]*", Name),
            (r"\*\*|[-+*/%<>=!]=?", Operator),
            (r"[\[\](){},.]", Punctuation),
            (r".", Text),
        ],
        "string": [
            (r'\{\{|\}\}', String.Escape),
            (r"\{[^}\"]*\}", String.Interpol),
            (r'\\.', String.Escape),
            (r'"', String.Double, "#pop"),
            (r'[^"\\{}]+', String.Double),
            (r"[{}]", String.Double),
        ],
    }
"""#

let kernelCodeMirrorSource = #"""
// CodeMirror mode for latent cells, loaded by the classic Notebook from the kernelspec (kernel.js).
define(["codemirror/lib/codemirror"], function (CodeMirror) {
    "use strict";
    return {
        onload: function () {
            CodeMirror.defineSimpleMode("latent", {
                start: [
                    {regex: /#.*/, token: "comment"},
                    {regex: /"(?:[^\\"]|\\.)*"?/, token: "string"},
                    {regex: /\b(?:for|in|repeat|if|else|def|return|assert)\b/, token: "keyword"},
                    {regex: /\b(?:and|or|not)\b/, token: "operator"},
                    {regex: /\b(?:true|false|none)\b/, token: "atom"},
                    {regex: /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/, token: "number"},
                    {regex: /[A-Za-z_]\w*(?==)/, token: "attribute"},
                    {regex: /[A-Za-z_]\w*/, token: "variable"}
                ],
                meta: {lineComment: "#"}
            });
            CodeMirror.defineMIME("text/x-latent", "latent");
        }
    };
});
"""#
