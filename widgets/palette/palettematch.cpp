#include "widgets/palette/palettematch.h"

#include <QStringList>

namespace gantry {

namespace {

bool startsWord(const QString &text, qsizetype at)
{
    return at == 0 || !text.at(at - 1).isLetterOrNumber();
}

// Score of one query word against the title alone; 0 when it is not there.
int wordScoreInTitle(const QString &word, const QString &title)
{
    if (title.startsWith(word, Qt::CaseInsensitive))
        return 100;
    int best = 0;
    for (qsizetype at = title.indexOf(word, 0, Qt::CaseInsensitive); at >= 0;
         at = title.indexOf(word, at + 1, Qt::CaseInsensitive)) {
        best = std::max(best, startsWord(title, at) ? 70 : 50);
        if (best == 70)
            break;
    }
    if (best > 0)
        return best;
    // The letters in order, as typed by someone who knows the name roughly.
    qsizetype from = 0;
    for (const QChar letter : word) {
        from = title.indexOf(letter, from, Qt::CaseInsensitive);
        if (from < 0)
            return 0;
        ++from;
    }
    return 10;
}

} // namespace

int paletteMatchScore(const QString &query, const QString &title, const QString &detail)
{
    const QStringList words = query.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    // Shorter titles first among equals: "chat" before "chat-canary" for "chat".
    const int brevity = std::max(0, 60 - static_cast<int>(title.size()));
    if (words.isEmpty())
        return 1;
    int total = 0;
    for (const QString &word : words) {
        int score = wordScoreInTitle(word, title);
        if (score == 0 && detail.contains(word, Qt::CaseInsensitive))
            score = 30;
        if (score == 0)
            return 0;
        total += score;
    }
    return total * 100 + brevity;
}

} // namespace gantry
