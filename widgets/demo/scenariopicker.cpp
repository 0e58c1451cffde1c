#include "widgets/demo/scenariopicker.h"

#include "widgets/demo/scenarioitemdelegate.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace gantry {

ScenarioPicker::ScenarioPicker(QWidget *parent)
    : QDialog(parent)
    , m_list(new QListWidget(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("scenarioPicker"));
    setWindowTitle(tr("Demo scenarios"));

    auto *intro = new QLabel(tr("Choose the story the demo cluster plays. It starts again from the beginning."), this);
    intro->setWordWrap(true);

    m_list->setObjectName(QStringLiteral("scenarioList"));
    m_list->setItemDelegate(new ScenarioItemDelegate(m_list));
    m_list->setResizeMode(QListView::Adjust);
    m_list->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_list->setSpacing(1);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    connect(m_list, &QListWidget::currentRowChanged, this, &ScenarioPicker::updateButtons);
    connect(m_list, &QListWidget::itemActivated, this, &ScenarioPicker::accept);

    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Play"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ScenarioPicker::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ScenarioPicker::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_buttons);
    resize(560, 420);
    updateButtons();
}

void ScenarioPicker::setEntries(const ScenarioEntries &entries, const QString &currentFile)
{
    m_entries = entries;
    m_currentFile = currentFile;
    m_list->clear();
    for (const ScenarioEntry &entry : entries) {
        auto *item = new QListWidgetItem(entry.name.isEmpty() ? entry.file : entry.name, m_list);
        item->setData(ScenarioItemDelegate::DescriptionRole, entry.description);
        item->setData(ScenarioItemDelegate::FileRole, entry.file);
        item->setData(ScenarioItemDelegate::CurrentRole, entry.file == currentFile);
        item->setToolTip(entry.file);
    }
    selectFile(currentFile);
    if (m_list->currentRow() < 0 && m_list->count() > 0)
        m_list->setCurrentRow(0);
    updateButtons();
}

QString ScenarioPicker::selectedFile() const
{
    const QListWidgetItem *item = m_list->currentItem();
    return item ? item->data(ScenarioItemDelegate::FileRole).toString() : QString();
}

void ScenarioPicker::selectFile(const QString &file)
{
    for (int row = 0; row < m_list->count(); ++row) {
        if (m_list->item(row)->data(ScenarioItemDelegate::FileRole).toString() == file)
            m_list->setCurrentRow(row);
    }
}

void ScenarioPicker::accept()
{
    const QString file = selectedFile();
    if (file.isEmpty())
        return;
    QDialog::accept();
    Q_EMIT scenarioChosen(file);
}

void ScenarioPicker::updateButtons()
{
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!selectedFile().isEmpty());
}

} // namespace gantry
