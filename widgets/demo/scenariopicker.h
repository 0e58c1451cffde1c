#pragma once

#include "widgets/demo/scenarioentry.h"

#include <QDialog>

class QDialogButtonBox;
class QListWidget;

namespace gantry {

/// Lets the presenter choose which shipped scenario the demo plays: each with
/// its name and what it shows, the one playing now marked.
class ScenarioPicker : public QDialog
{
    Q_OBJECT

public:
    explicit ScenarioPicker(QWidget *parent = nullptr);

    /// Lists `entries`, preselecting `currentFile` (the scenario playing now).
    void setEntries(const ScenarioEntries &entries, const QString &currentFile = {});
    ScenarioEntries entries() const { return m_entries; }
    /// The file of the highlighted entry; "" when none is.
    QString selectedFile() const;
    void selectFile(const QString &file);
    QListWidget *list() const { return m_list; }

Q_SIGNALS:
    /// The presenter accepted the dialog with `file` selected.
    void scenarioChosen(const QString &file);

public Q_SLOTS:
    void accept() override;

private:
    void updateButtons();

    ScenarioEntries m_entries;
    QString m_currentFile;
    QListWidget *m_list = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace gantry
