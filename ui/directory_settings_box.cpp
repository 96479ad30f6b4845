#include "ui/directory_settings_box.h"

#include "ui/directory_list.h"
#include "ui/engine_adapter.h"

#include <QAction>
#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalBlocker>
#include <QVBoxLayout>

namespace ferry::ui {

namespace {

constexpr int kVisibleRows = 3;

} // namespace

DirectorySettingsBox::DirectorySettingsBox(EngineAdapter& adapter, QWidget* parent)
    : QGroupBox(tr("Relay directories"), parent), m_adapter(adapter) {
    setObjectName(QStringLiteral("directoryBox"));
    auto* intro = new QLabel(tr("A relay directory keeps a list of volunteer relays that it has "
                                "seen working; Ferry picks the relays for new conversations "
                                "from it."),
                             this);
    intro->setWordWrap(true);

    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("directoryList"));
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_list->setAlternatingRowColors(true);
    m_list->setAccessibleName(tr("Relay directories"));
    // A few rows are enough: most people have one directory or none.
    m_list->setMaximumHeight(m_list->fontMetrics().height() * (kVisibleRows + 1) +
                             2 * m_list->frameWidth() + 8);
    auto* removeAction = new QAction(m_list);
    removeAction->setShortcut(QKeySequence::Delete);
    removeAction->setShortcutContext(Qt::WidgetShortcut);
    m_list->addAction(removeAction);
    m_list->hide(); // until the directories are known
    m_empty = new QLabel(tr("None yet: new conversations go on your own relays."), this);
    m_empty->setObjectName(QStringLiteral("noDirectoryLabel"));
    m_empty->setWordWrap(true);
    m_empty->setIndent(12);

    m_removeButton = new QPushButton(tr("Rem&ove directory"), this);
    m_removeButton->setObjectName(QStringLiteral("removeDirectoryButton"));
    m_removeButton->hide();
    auto* listButtons = new QHBoxLayout;
    listButtons->addWidget(m_removeButton);
    listButtons->addStretch();

    m_addressEdit = new QLineEdit(this);
    m_addressEdit->setObjectName(QStringLiteral("directoryAddressEdit"));
    m_addressEdit->setPlaceholderText(tr("https://fingerprint@host:port"));
    m_addressEdit->setClearButtonEnabled(true);
    auto* addLabel = new QLabel(tr("Add a dir&ectory:"), this);
    addLabel->setBuddy(m_addressEdit);
    m_addButton = new QPushButton(tr("Add dire&ctory"), this);
    m_addButton->setObjectName(QStringLiteral("addDirectoryButton"));
    auto* addRow = new QHBoxLayout;
    addRow->addWidget(m_addressEdit, 1);
    addRow->addWidget(m_addButton);

    m_onlyMine = new QCheckBox(tr("Put new conversations only on my own relay&s"), this);
    m_onlyMine->setObjectName(QStringLiteral("onlyMyRelays"));
    m_onlyMine->setToolTip(tr("The directories are then not asked; your contacts reach you "
                              "through the relays in your own list."));

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("directoryMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_list);
    layout->addWidget(m_empty);
    layout->addLayout(listButtons);
    layout->addWidget(addLabel);
    layout->addLayout(addRow);
    layout->addWidget(m_onlyMine);
    layout->addWidget(m_message);

    connect(m_addButton, &QPushButton::clicked, this, &DirectorySettingsBox::addDirectory);
    connect(m_addressEdit, &QLineEdit::returnPressed, this, &DirectorySettingsBox::addDirectory);
    connect(m_removeButton, &QPushButton::clicked, this, &DirectorySettingsBox::removeSelected);
    connect(removeAction, &QAction::triggered, this, &DirectorySettingsBox::removeSelected);
    connect(m_list, &QListWidget::itemSelectionChanged, this, &DirectorySettingsBox::updateButtons);
    connect(m_onlyMine, &QCheckBox::toggled, this, [this](bool on) {
        core::agent::DirectorySettings wanted = m_settings;
        wanted.onlyMyRelays = on;
        store(wanted, on ? tr("New conversations now go only on your own relays.")
                         : tr("New conversations now use relays from your directories."));
    });
    // Stored elsewhere (another window, the command line of this app): show it.
    connect(&m_adapter, &EngineAdapter::directoriesChanged, this, &DirectorySettingsBox::display);

    setEnabled(false); // until the profile's settings are known
    load();
}

bool DirectorySettingsBox::directoriesInUse() const {
    return !m_settings.directories.empty() && !m_settings.onlyMyRelays;
}

void DirectorySettingsBox::load() {
    m_adapter.loadDirectories(
        this,
        [this](const core::agent::DirectorySettings& settings) {
            QStringList directories;
            for (const auto& address : settings.directories)
                directories << QString::fromStdString(address);
            display(directories, settings.onlyMyRelays);
        },
        [this](const core::Error& error) {
            showMessage(tr("The relay directories could not be read: %1")
                            .arg(QString::fromStdString(error.message)),
                        true);
        });
}

void DirectorySettingsBox::display(const QStringList& directories, bool onlyMyRelays) {
    m_settings.directories.clear();
    for (const QString& address : directories)
        m_settings.directories.push_back(address.toStdString());
    m_settings.onlyMyRelays = onlyMyRelays;
    m_shown = directories;

    const QString selected =
        m_list->currentItem() ? m_list->currentItem()->data(Qt::UserRole).toString() : QString();
    m_list->clear();
    for (const QString& address : directories) {
        auto* item = new QListWidgetItem(directoryHost(address), m_list);
        item->setData(Qt::UserRole, address);
        item->setToolTip(address);
        if (address == selected)
            m_list->setCurrentItem(item);
    }
    m_list->setVisible(!directories.isEmpty());
    m_removeButton->setVisible(!directories.isEmpty());
    m_empty->setVisible(directories.isEmpty());
    {
        const QSignalBlocker block(m_onlyMine);
        m_onlyMine->setChecked(onlyMyRelays);
    }
    setEnabled(true);
    updateButtons();
    emit settingsShown();
}

void DirectorySettingsBox::addDirectory() {
    const QString text = m_addressEdit->text().trimmed();
    QString problem = directoryAddressProblem(text);
    const QString address = canonicalDirectory(text);
    if (problem.isEmpty() && m_shown.contains(address))
        problem = tr("This directory is already in the list.");
    if (!problem.isEmpty()) {
        showMessage(problem, true);
        m_addressEdit->setFocus();
        m_addressEdit->selectAll();
        return;
    }
    core::agent::DirectorySettings wanted = m_settings;
    wanted.directories.push_back(address.toStdString());
    store(wanted, tr("Added %1.").arg(directoryHost(address)));
}

void DirectorySettingsBox::removeSelected() {
    const auto items = m_list->selectedItems();
    if (items.isEmpty() || m_saving)
        return;
    QStringList removed;
    for (const QListWidgetItem* item : items)
        removed << item->data(Qt::UserRole).toString();
    core::agent::DirectorySettings wanted = m_settings;
    std::erase_if(wanted.directories, [&](const std::string& address) {
        return removed.contains(QString::fromStdString(address));
    });
    QString success = removed.size() == 1
                          ? tr("Removed %1.").arg(directoryHost(removed.first()))
                          : tr("Removed %n directories.", nullptr, int(removed.size()));
    store(wanted, success);
}

void DirectorySettingsBox::store(const core::agent::DirectorySettings& settings,
                                 const QString& success) {
    m_saving = true;
    updateButtons();
    showMessage(tr("Saving…"), false);
    const bool added = settings.directories.size() > m_settings.directories.size();
    m_adapter.setDirectories(
        settings, this,
        [this, success, added] {
            // directoriesChanged has shown the new list already.
            m_saving = false;
            if (added)
                m_addressEdit->clear();
            showMessage(success, false);
            updateButtons();
        },
        [this](const core::Error& error) {
            m_saving = false;
            showMessage(tr("The relay directories could not be saved: %1")
                            .arg(QString::fromStdString(error.message)),
                        true);
            load(); // show what is in effect
        });
}

void DirectorySettingsBox::updateButtons() {
    m_addButton->setEnabled(!m_saving);
    m_removeButton->setEnabled(!m_saving && !m_list->selectedItems().isEmpty());
    m_onlyMine->setEnabled(!m_saving);
}

void DirectorySettingsBox::showMessage(const QString& text, bool problem) {
    m_message->setText(text);
    m_message->setProperty("problem", problem);
    QPalette palette = m_message->palette();
    palette.setColor(QPalette::WindowText, problem ? QColor(0xc0, 0x2b, 0x2b)
                                                   : this->palette().color(QPalette::WindowText));
    m_message->setPalette(palette);
    m_message->setVisible(!text.isEmpty());
}

} // namespace ferry::ui
