#pragma once

#include "widgets/palette/paletteentry.h"

#include <QFrame>

class QLabel;
class QLineEdit;
class QListView;

namespace gantry {

class PaletteModel;

/// Ctrl+K: a search box over everything the console can jump to or start.
/// Floats at the top of its parent window; typing narrows and ranks the list,
/// Up/Down move, Enter chooses, Escape or a click elsewhere closes.
class CommandPalette : public QFrame
{
    Q_OBJECT

public:
    explicit CommandPalette(QWidget *window);

    /// Shows the palette over its window with `entries`, the query empty and focused.
    void popup(const PaletteEntries &entries);

    QLineEdit *queryEdit() const { return m_query; }
    QListView *list() const { return m_list; }
    PaletteModel *model() const { return m_model; }
    /// The id of the highlighted entry, "" when none.
    QString currentId() const;

Q_SIGNALS:
    /// The user chose the entry `id`; the palette has closed.
    void activated(const QString &id);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void place();
    void queryChanged(const QString &text);
    void moveCurrent(int steps);
    void activateCurrent();
    void selectFirstAvailable();
    void updateCount();

    QLineEdit *m_query = nullptr;
    QListView *m_list = nullptr;
    QLabel *m_count = nullptr;
    PaletteModel *m_model = nullptr;
};

} // namespace gantry
