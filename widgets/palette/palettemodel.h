#pragma once

#include "widgets/palette/paletteentry.h"

#include <QAbstractListModel>

#include <vector>

namespace gantry {

/// The palette's list: every entry, narrowed and ranked by the query as the
/// user types (best first, at most maxResults). A new query or new entries
/// reset the model: the list is short and rebuilt whole.
class PaletteModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role {
        DetailRole = Qt::UserRole + 1,
        KindRole, ///< PaletteEntry::Kind as int
        IdRole,
        UnavailableRole, ///< why it cannot be chosen, "" when it can
    };

    static constexpr int maxResults = 200;

    explicit PaletteModel(QObject *parent = nullptr);

    void setEntries(const PaletteEntries &entries);
    void setQuery(const QString &query);
    QString query() const { return m_query; }
    /// How many entries match the query (the model shows at most maxResults of them).
    int matchCount() const { return m_matchCount; }
    const PaletteEntry &entryAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    /// Entries that are unavailable are listed (saying why) but not enabled.
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    void rank();

    PaletteEntries m_entries;
    QString m_query;
    std::vector<int> m_rows; ///< indexes into m_entries, best match first
    int m_matchCount = 0;
};

/// "Page", "Model", "Node", "Pool", "Action", for the badge beside each entry.
QString paletteKindName(PaletteEntry::Kind kind);

} // namespace gantry
