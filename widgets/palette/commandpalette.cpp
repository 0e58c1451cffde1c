#include "widgets/palette/commandpalette.h"

#include "widgets/palette/paletteitemdelegate.h"
#include "widgets/palette/palettemodel.h"

#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QVBoxLayout>

namespace gantry {

namespace {
constexpr int visibleRows = 12;
}

CommandPalette::CommandPalette(QWidget *window)
    : QFrame(window, Qt::Popup)
    , m_query(new QLineEdit(this))
    , m_list(new QListView(this))
    , m_count(new QLabel(this))
    , m_model(new PaletteModel(this))
{
    setObjectName(QStringLiteral("commandPalette"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);

    m_query->setObjectName(QStringLiteral("paletteQuery"));
    m_query->setPlaceholderText(tr("Jump to a model, node, pool or page, or start an action…"));
    m_query->setClearButtonEnabled(true);
    m_query->installEventFilter(this);

    m_list->setObjectName(QStringLiteral("paletteList"));
    m_list->setModel(m_model);
    m_list->setItemDelegate(new PaletteItemDelegate(m_list));
    m_list->setUniformItemSizes(true);
    m_list->setFrameShape(QFrame::NoFrame);
    m_list->setFocusPolicy(Qt::NoFocus); // typing stays in the query
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setBackgroundRole(QPalette::Base);

    m_count->setObjectName(QStringLiteral("paletteCount"));
    m_count->setForegroundRole(QPalette::PlaceholderText);

    auto *layout = new QVBoxLayout(this);
    const int unit = fontMetrics().height() / 2;
    layout->setContentsMargins(unit, unit, unit, unit);
    layout->setSpacing(unit / 2);
    layout->addWidget(m_query);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_count);

    connect(m_query, &QLineEdit::textChanged, this, &CommandPalette::queryChanged);
    connect(m_list, &QListView::activated, this, &CommandPalette::activateCurrent);
    connect(m_list, &QListView::clicked, this, &CommandPalette::activateCurrent);
}

void CommandPalette::popup(const PaletteEntries &entries)
{
    m_model->setEntries(entries);
    m_query->clear();
    m_model->setQuery({});
    selectFirstAvailable();
    updateCount();
    place();
    show();
    raise();
    m_query->setFocus(Qt::PopupFocusReason);
}

void CommandPalette::place()
{
    QWidget *window = parentWidget();
    if (!window)
        return;
    const int rowHeight = m_list->sizeHintForRow(0) > 0 ? m_list->sizeHintForRow(0) : fontMetrics().height() * 2;
    const int width = std::min(window->width() - 40, fontMetrics().averageCharWidth() * 90);
    const int height = m_query->sizeHint().height() + rowHeight * visibleRows + m_count->sizeHint().height()
                       + fontMetrics().height() * 2;
    const QPoint topCentre = window->mapToGlobal(QPoint(window->width() / 2, window->height() / 8));
    setGeometry(topCentre.x() - width / 2, topCentre.y(), width, std::min(height, window->height() * 3 / 4));
}

QString CommandPalette::currentId() const
{
    const QModelIndex current = m_list->currentIndex();
    return current.isValid() ? current.data(PaletteModel::IdRole).toString() : QString();
}

void CommandPalette::queryChanged(const QString &text)
{
    m_model->setQuery(text.trimmed());
    selectFirstAvailable();
    updateCount();
}

void CommandPalette::selectFirstAvailable()
{
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (m_model->flags(m_model->index(row)) & Qt::ItemIsEnabled) {
            m_list->setCurrentIndex(m_model->index(row));
            return;
        }
    }
    m_list->setCurrentIndex({});
}

void CommandPalette::moveCurrent(int steps)
{
    const int rows = m_model->rowCount();
    if (rows == 0)
        return;
    int row = m_list->currentIndex().isValid() ? m_list->currentIndex().row() : (steps > 0 ? -1 : rows);
    // Skip what cannot be chosen; stop at the ends rather than wrap.
    for (int next = row + steps; next >= 0 && next < rows; next += steps) {
        if (m_model->flags(m_model->index(next)) & Qt::ItemIsEnabled) {
            row = next;
            break;
        }
    }
    if (row >= 0 && row < rows)
        m_list->setCurrentIndex(m_model->index(row));
}

void CommandPalette::activateCurrent()
{
    const QModelIndex current = m_list->currentIndex();
    if (!current.isValid() || !(m_model->flags(current) & Qt::ItemIsEnabled))
        return;
    const QString id = current.data(PaletteModel::IdRole).toString();
    hide();
    Q_EMIT activated(id);
}

void CommandPalette::updateCount()
{
    const int matches = m_model->matchCount();
    if (matches == 0)
        m_count->setText(tr("Nothing matches “%1”.").arg(m_query->text().trimmed()));
    else if (matches > m_model->rowCount())
        m_count->setText(tr("Best %1 of %2 matches · Enter to go · Esc to close").arg(m_model->rowCount()).arg(matches));
    else
        m_count->setText((matches == 1 ? tr("1 match") : tr("%1 matches").arg(matches)) + tr(" · Enter to go · Esc to close"));
}

bool CommandPalette::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_query && event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        switch (key->key()) {
        case Qt::Key_Down:
            moveCurrent(1);
            return true;
        case Qt::Key_Up:
            moveCurrent(-1);
            return true;
        case Qt::Key_PageDown:
        case Qt::Key_PageUp:
            for (int i = 0; i < visibleRows; ++i)
                moveCurrent(key->key() == Qt::Key_PageDown ? 1 : -1);
            return true;
        case Qt::Key_Return:
        case Qt::Key_Enter:
            activateCurrent();
            return true;
        case Qt::Key_Escape:
            hide();
            return true;
        default:
            break;
        }
    }
    return QFrame::eventFilter(watched, event);
}

} // namespace gantry
