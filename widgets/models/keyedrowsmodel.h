#pragma once

#include <QAbstractTableModel>

#include <algorithm>
#include <iterator>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace gantry {

/// A table whose rows are identified by a key and kept in one order (the
/// snapshot's). `Row` provides `const std::string &key() const`, `bool before(const
/// Row &) const` (the order) and `bool sameAs(const Row &) const` (nothing a
/// cell shows differs).
///
/// applyRows() turns a new row list into the fewest signals: one
/// rowsRemoved per contiguous run of vanished rows (back to front), one
/// rowsInserted per contiguous run of new rows, one dataChanged per contiguous
/// run of changed rows. A reset happens only when kept rows changed order,
/// which a sorted snapshot never does.
template <typename Row>
class KeyedRowsModel : public QAbstractTableModel
{
public:
    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
    }

    /// The row of `key`, or -1.
    int rowOfKey(const std::string &key) const
    {
        const auto it = m_index.find(key);
        return it == m_index.end() ? -1 : it->second;
    }

protected:
    using Range = std::pair<int, int>; // first, last (inclusive)

    /// Replaces the rows by `next` (sorted here by Row::before).
    void applyRows(std::vector<Row> next)
    {
        std::stable_sort(next.begin(), next.end(), [](const Row &a, const Row &b) { return a.before(b); });

        std::unordered_map<std::string, int> nextIndex;
        nextIndex.reserve(next.size());
        for (int i = 0; i < static_cast<int>(next.size()); ++i)
            nextIndex.emplace(next[static_cast<std::size_t>(i)].key(), i);

        // Kept rows must appear in the same relative order, or the diff below is meaningless.
        int lastKept = -1;
        for (const Row &row : m_rows) {
            const auto it = nextIndex.find(row.key());
            if (it == nextIndex.end())
                continue;
            if (it->second < lastKept) {
                beginResetModel();
                m_rows = std::move(next);
                rebuildIndex();
                endResetModel();
                return;
            }
            lastKept = it->second;
        }

        removeVanished(nextIndex);

        std::vector<int> changed;
        std::size_t kept = 0; // position in m_rows of the next row that was already there
        for (int i = 0; i < static_cast<int>(next.size());) {
            const std::size_t ui = static_cast<std::size_t>(i);
            if (kept < m_rows.size() && m_rows[kept].key() == next[ui].key()) {
                if (!m_rows[kept].sameAs(next[ui])) {
                    m_rows[kept] = std::move(next[ui]);
                    changed.push_back(i);
                }
                ++kept;
                ++i;
                continue;
            }
            // A run of new rows up to the next kept one.
            int last = i;
            while (last + 1 < static_cast<int>(next.size())
                   && !(kept < m_rows.size() && m_rows[kept].key() == next[static_cast<std::size_t>(last + 1)].key()))
                ++last;
            beginInsertRows({}, i, last);
            m_rows.insert(m_rows.begin() + i, std::make_move_iterator(next.begin() + i),
                          std::make_move_iterator(next.begin() + last + 1));
            kept += static_cast<std::size_t>(last - i + 1);
            endInsertRows();
            i = last + 1;
        }
        rebuildIndex();

        for (const Range &range : runs(changed))
            Q_EMIT dataChanged(index(range.first, 0), index(range.second, columnCount() - 1));
    }

    /// Contiguous runs of sorted row numbers.
    static std::vector<Range> runs(const std::vector<int> &rows)
    {
        std::vector<Range> result;
        for (int row : rows) {
            if (!result.empty() && result.back().second + 1 == row)
                result.back().second = row;
            else
                result.emplace_back(row, row);
        }
        return result;
    }

    /// One dataChanged per contiguous run of `rows`, limited to `column`.
    void emitColumnChanged(const std::vector<int> &rows, int column)
    {
        for (const Range &range : runs(rows))
            Q_EMIT dataChanged(index(range.first, column), index(range.second, column));
    }

    std::vector<Row> m_rows;

private:
    void removeVanished(const std::unordered_map<std::string, int> &nextIndex)
    {
        for (int last = static_cast<int>(m_rows.size()) - 1; last >= 0;) {
            if (nextIndex.count(m_rows[static_cast<std::size_t>(last)].key())) {
                --last;
                continue;
            }
            int first = last;
            while (first > 0 && !nextIndex.count(m_rows[static_cast<std::size_t>(first - 1)].key()))
                --first;
            beginRemoveRows({}, first, last);
            m_rows.erase(m_rows.begin() + first, m_rows.begin() + last + 1);
            endRemoveRows();
            last = first - 1;
        }
    }

    void rebuildIndex()
    {
        m_index.clear();
        m_index.reserve(m_rows.size());
        for (int i = 0; i < static_cast<int>(m_rows.size()); ++i)
            m_index.emplace(m_rows[static_cast<std::size_t>(i)].key(), i);
    }

    std::unordered_map<std::string, int> m_index;
};

} // namespace gantry
