#pragma once

#include <QStyledItemDelegate>

namespace gantry {

/// Colours cells by the severity a model returns in `severityRole`, using the
/// view's palette (so dark themes work), and draws a QColor decoration as a
/// round status dot sized to the font.
class ServingItemDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit ServingItemDelegate(int severityRole, QObject *parent = nullptr);

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;

private:
    int m_severityRole;
};

} // namespace gantry
