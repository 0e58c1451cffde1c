#pragma once

#include <QSyntaxHighlighter>

namespace gantry {

/// Just enough YAML colouring to read a manifest: keys, comments, quoted
/// strings and list dashes, in colours that suit the editor's palette.
class YamlHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT

public:
    explicit YamlHighlighter(QTextDocument *document, bool dark = false);

    void setDark(bool dark);

protected:
    void highlightBlock(const QString &text) override;

private:
    QTextCharFormat m_key;
    QTextCharFormat m_comment;
    QTextCharFormat m_string;
    QTextCharFormat m_punctuation;
};

} // namespace gantry
