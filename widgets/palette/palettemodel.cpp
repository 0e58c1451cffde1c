#include "widgets/palette/palettemodel.h"

#include "widgets/palette/palettematch.h"

#include <algorithm>

namespace gantry {

PaletteModel::PaletteModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

void PaletteModel::setEntries(const PaletteEntries &entries)
{
    beginResetModel();
    m_entries = entries;
    rank();
    endResetModel();
}

void PaletteModel::setQuery(const QString &query)
{
    if (query == m_query)
        return;
    beginResetModel();
    m_query = query;
    rank();
    endResetModel();
}

void PaletteModel::rank()
{
    std::vector<std::pair<int, int>> scored; // (score, entry)
    scored.reserve(static_cast<size_t>(m_entries.size()));
    for (int i = 0; i < m_entries.size(); ++i) {
        const PaletteEntry &entry = m_entries.at(i);
        if (const int score = paletteMatchScore(m_query, entry.title, entry.detail); score > 0)
            scored.emplace_back(score, i);
    }
    m_matchCount = static_cast<int>(scored.size());
    const auto kept = std::min<size_t>(scored.size(), maxResults);
    // Best first; equal scores keep the order they were given in (pages before models…).
    std::partial_sort(scored.begin(), scored.begin() + static_cast<std::ptrdiff_t>(kept), scored.end(),
                      [](const auto &a, const auto &b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
    m_rows.clear();
    for (size_t i = 0; i < kept; ++i)
        m_rows.push_back(scored[i].second);
}

const PaletteEntry &PaletteModel::entryAt(int row) const
{
    return m_entries.at(m_rows.at(static_cast<size_t>(row)));
}

int PaletteModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant PaletteModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const PaletteEntry &entry = entryAt(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return entry.title;
    case Qt::ToolTipRole:
        if (!entry.unavailable.isEmpty())
            return entry.unavailable;
        return entry.detail.isEmpty() ? entry.title : entry.title + QStringLiteral(" — ") + entry.detail;
    case DetailRole:
        return entry.detail;
    case KindRole:
        return static_cast<int>(entry.kind);
    case IdRole:
        return entry.id;
    case UnavailableRole:
        return entry.unavailable;
    default:
        return {};
    }
}

Qt::ItemFlags PaletteModel::flags(const QModelIndex &index) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return Qt::NoItemFlags;
    if (!entryAt(index.row()).unavailable.isEmpty())
        return Qt::ItemNeverHasChildren;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

QHash<int, QByteArray> PaletteModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(DetailRole, "detail");
    names.insert(KindRole, "kind");
    names.insert(IdRole, "id");
    names.insert(UnavailableRole, "unavailable");
    return names;
}

QString paletteKindName(PaletteEntry::Kind kind)
{
    switch (kind) {
    case PaletteEntry::Kind::Page:
        return PaletteModel::tr("Page");
    case PaletteEntry::Kind::Model:
        return PaletteModel::tr("Model");
    case PaletteEntry::Kind::Node:
        return PaletteModel::tr("Node");
    case PaletteEntry::Kind::Pool:
        return PaletteModel::tr("Pool");
    case PaletteEntry::Kind::Action:
        return PaletteModel::tr("Action");
    }
    return {};
}

} // namespace gantry
