#include "app/visibletext.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QTextDocument>

namespace gantry {

namespace {

void add(QStringList &texts, const QString &text)
{
    const QString simplified = text.simplified();
    if (!simplified.isEmpty())
        texts.append(simplified);
}

QString plain(const QLabel *label)
{
    if (label->textFormat() == Qt::PlainText || !Qt::mightBeRichText(label->text()))
        return label->text();
    QTextDocument document;
    document.setHtml(label->text());
    return document.toPlainText();
}

void addView(QStringList &texts, const QAbstractItemView *view, int maxRows)
{
    const QAbstractItemModel *model = view->model();
    if (!model)
        return;
    const int columns = model->columnCount();
    for (int column = 0; column < columns; ++column)
        add(texts, model->headerData(column, Qt::Horizontal, Qt::DisplayRole).toString());
    const int rows = std::min(model->rowCount(), maxRows);
    for (int row = 0; row < rows; ++row) {
        QStringList cells;
        for (int column = 0; column < columns; ++column) {
            const QString cell = model->index(row, column).data(Qt::DisplayRole).toString().simplified();
            if (!cell.isEmpty())
                cells.append(cell);
        }
        // One line per row keeps a row's cells together for whoever greps them.
        add(texts, cells.join(QStringLiteral(" | ")));
    }
}

} // namespace

QStringList visibleTexts(QWidget *root, int maxRowsPerView)
{
    QStringList texts;
    if (!root || !root->isVisible())
        return texts;
    const auto widgets = root->findChildren<QWidget *>();
    for (const QWidget *widget : widgets) {
        if (!widget->isVisibleTo(root) || widget->visibleRegion().isEmpty())
            continue;
        if (const auto *label = qobject_cast<const QLabel *>(widget))
            add(texts, plain(label));
        else if (const auto *button = qobject_cast<const QAbstractButton *>(widget))
            add(texts, button->text().remove(QLatin1Char('&')));
        else if (const auto *group = qobject_cast<const QGroupBox *>(widget))
            add(texts, group->title().remove(QLatin1Char('&')));
        else if (const auto *view = qobject_cast<const QAbstractItemView *>(widget);
                 view && !qobject_cast<const QHeaderView *>(widget))
            addView(texts, view, maxRowsPerView);
    }
    return texts;
}

} // namespace gantry
