#include "widgets/deploy/yamlhighlighter.h"

#include <QRegularExpression>

namespace gantry {

YamlHighlighter::YamlHighlighter(QTextDocument *document, bool dark)
    : QSyntaxHighlighter(document)
{
    setDark(dark);
}

void YamlHighlighter::setDark(bool dark)
{
    m_key.setForeground(dark ? QColor(0x8a, 0xb4, 0xf8) : QColor(0x1a, 0x4f, 0x9c));
    m_comment.setForeground(dark ? QColor(0x9a, 0xa0, 0xa6) : QColor(0x6a, 0x73, 0x7d));
    m_comment.setFontItalic(true);
    m_string.setForeground(dark ? QColor(0x81, 0xc9, 0x95) : QColor(0x1e, 0x7b, 0x34));
    m_punctuation.setForeground(dark ? QColor(0xbd, 0xc1, 0xc6) : QColor(0x5f, 0x63, 0x68));
    rehighlight();
}

void YamlHighlighter::highlightBlock(const QString &text)
{
    // A key is what precedes the first ": " (or a final ':') outside quotes, after an optional "- ".
    static const QRegularExpression key(QStringLiteral(R"(^(\s*)(- )?([^\s#"'][^:#]*?|"[^"]*"|'[^']*')(:)(\s|$))"));
    static const QRegularExpression quoted(QStringLiteral(R"("(?:[^"\\]|\\.)*"|'[^']*')"));
    static const QRegularExpression dash(QStringLiteral(R"(^\s*(- ))"));

    const int comment = [&] {
        // '#' starts a comment at the line's start or after a space, outside quotes.
        bool inDouble = false, inSingle = false;
        for (int i = 0; i < text.size(); ++i) {
            const QChar c = text.at(i);
            if (c == QLatin1Char('"') && !inSingle && (i == 0 || text.at(i - 1) != QLatin1Char('\\')))
                inDouble = !inDouble;
            else if (c == QLatin1Char('\'') && !inDouble)
                inSingle = !inSingle;
            else if (c == QLatin1Char('#') && !inDouble && !inSingle && (i == 0 || text.at(i - 1).isSpace()))
                return i;
        }
        return -1;
    }();
    const QString code = comment < 0 ? text : text.left(comment);

    if (const auto match = dash.match(code); match.hasMatch())
        setFormat(match.capturedStart(1), 1, m_punctuation);
    if (const auto match = key.match(code); match.hasMatch())
        setFormat(match.capturedStart(3), match.capturedLength(3), m_key);
    for (auto it = quoted.globalMatch(code); it.hasNext();) {
        const auto match = it.next();
        if (format(match.capturedStart()).foreground() != m_key.foreground())
            setFormat(match.capturedStart(), match.capturedLength(), m_string);
    }
    if (comment >= 0)
        setFormat(comment, static_cast<int>(text.size()) - comment, m_comment);
}

} // namespace gantry
