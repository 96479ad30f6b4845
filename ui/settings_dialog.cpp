#include "ui/settings_dialog.h"

#include "smp/server_address.h"
#include "ui/directory_settings_box.h"
#include "ui/engine_adapter.h"
#include "ui/preferences.h"
#include "ui/privacy_page.h"
#include "ui/relay_list_model.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalBlocker>
#include <QTabWidget>
#include <QVBoxLayout>

namespace ferry::ui {

namespace {

const QString kScheme = QStringLiteral("smp://");

QLabel* explanation(const QString& text, QWidget* parent) {
    auto* label = new QLabel(text, parent);
    label->setWordWrap(true);
    return label;
}

} // namespace

SettingsDialog::SettingsDialog(EngineAdapter& adapter, Preferences& preferences, QWidget* parent)
    : QDialog(parent), m_adapter(adapter), m_preferences(preferences),
      m_relays(new RelayListModel(this)) {
    m_relays->attach(adapter);
    build();
}

SettingsDialog::SettingsDialog(EngineAdapter& adapter, Preferences& preferences,
                               RelayListModel& relays, QWidget* parent)
    : QDialog(parent), m_adapter(adapter), m_preferences(preferences), m_relays(&relays) {
    m_relays->reload();
    build();
}

QString SettingsDialog::relayAddressProblem(const QString& text) {
    const QString address = text.trimmed();
    if (address.isEmpty())
        return tr("Enter the relay's address; it looks like smp://fingerprint@host:port.");
    if (!address.startsWith(kScheme, Qt::CaseInsensitive))
        return tr("A relay address starts with smp://, for example "
                  "smp://fingerprint@relay.example.org.");
    if (!address.contains(QLatin1Char('@')))
        return tr("The address lacks the relay's fingerprint: it looks like "
                  "smp://fingerprint@host:port.");
    auto parsed = core::smp::parseServerAddress(address.toStdString());
    if (!parsed) {
        // The parser's detail is technical English; it follows the translated sentence.
        return tr("This is not a valid relay address (%1). Check that you copied all of it.")
            .arg(QString::fromStdString(parsed.error().message));
    }
    return {};
}

void SettingsDialog::build() {
    setWindowTitle(tr("Settings"));
    setObjectName(QStringLiteral("settingsDialog"));
    m_startLanguage = m_preferences.language();

    auto* tabs = new QTabWidget(this);
    tabs->setObjectName(QStringLiteral("settingsTabs"));
    tabs->addTab(buildRelaysPage(), tr("&Relays"));
    tabs->addTab(new PrivacyPage(m_adapter, tabs), tr("&Privacy"));
    tabs->addTab(buildNotificationsPage(), tr("&Notifications"));
    tabs->addTab(buildLanguagePage(), tr("&Language"));
    tabs->addTab(buildGeneralPage(), tr("&General"));

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->button(QDialogButtonBox::Close)->setObjectName(QStringLiteral("closeButton"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(tabs);
    layout->addWidget(buttons);

    // Return in the address field adds the relay; it must not also press a default button
    // that closes the dialog. Escape still closes it.
    for (auto* button : findChildren<QPushButton*>()) {
        button->setAutoDefault(false);
        button->setDefault(false);
    }
    showPreferences();
    connect(&m_preferences, &Preferences::changed, this, &SettingsDialog::showPreferences);
    updateRelayButtons();
    resize(560, 680);
}

QWidget* SettingsDialog::buildRelaysPage() {
    auto* page = new QWidget(this);
    auto* intro = explanation(tr("Relays carry your messages. New contacts reach you through your "
                                 "own relays in this list, or through relays that a relay "
                                 "directory below lists."),
                              page);

    m_relayList = new QListView(page);
    m_relayList->setObjectName(QStringLiteral("relayList"));
    m_relayList->setModel(m_relays);
    m_relayList->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_relayList->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_relayList->setAlternatingRowColors(true);
    m_relayList->setWordWrap(true);
    m_relayList->setSpacing(2);
    m_relayList->setAccessibleName(tr("Relays"));
    auto* listLabel = new QLabel(tr("&Your relays:"), page);
    listLabel->setBuddy(m_relayList);

    m_testButton = new QPushButton(tr("&Test connection"), page);
    m_testButton->setObjectName(QStringLiteral("testRelayButton"));
    m_testButton->setToolTip(tr("Connects to the selected relays (all of them when none is "
                                "selected) and shows how fast they answer."));
    m_removeButton = new QPushButton(tr("Re&move…"), page);
    m_removeButton->setObjectName(QStringLiteral("removeRelayButton"));
    auto* removeAction = new QAction(m_relayList);
    removeAction->setShortcut(QKeySequence::Delete);
    removeAction->setShortcutContext(Qt::WidgetShortcut);
    m_relayList->addAction(removeAction);
    connect(removeAction, &QAction::triggered, this, &SettingsDialog::confirmRemove);

    auto* listButtons = new QHBoxLayout;
    listButtons->addWidget(m_testButton);
    listButtons->addWidget(m_removeButton);
    listButtons->addStretch();

    m_addressEdit = new QLineEdit(page);
    m_addressEdit->setObjectName(QStringLiteral("relayAddressEdit"));
    m_addressEdit->setPlaceholderText(tr("smp://fingerprint@host:port"));
    m_addressEdit->setClearButtonEnabled(true);
    auto* addLabel = new QLabel(tr("A&dd a relay:"), page);
    addLabel->setBuddy(m_addressEdit);
    m_addButton = new QPushButton(tr("&Add"), page);
    m_addButton->setObjectName(QStringLiteral("addRelayButton"));
    auto* addRow = new QHBoxLayout;
    addRow->addWidget(m_addressEdit, 1);
    addRow->addWidget(m_addButton);

    m_relayMessage = new QLabel(page);
    m_relayMessage->setObjectName(QStringLiteral("relayMessage"));
    m_relayMessage->setWordWrap(true);
    m_relayMessage->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_relayMessage->hide();

    auto* layout = new QVBoxLayout(page);
    layout->addWidget(intro);
    layout->addWidget(listLabel);
    layout->addWidget(m_relayList, 1);
    layout->addLayout(listButtons);
    layout->addWidget(addLabel);
    layout->addLayout(addRow);
    layout->addWidget(m_relayMessage);
    m_directories = new DirectorySettingsBox(m_adapter, page);
    layout->addWidget(m_directories);

    connectRelayWidgets();
    return page;
}

void SettingsDialog::connectRelayWidgets() {
    connect(m_addButton, &QPushButton::clicked, this, &SettingsDialog::addRelay);
    connect(m_addressEdit, &QLineEdit::returnPressed, this, &SettingsDialog::addRelay);
    connect(m_testButton, &QPushButton::clicked, this, &SettingsDialog::testRelays);
    connect(m_removeButton, &QPushButton::clicked, this, &SettingsDialog::confirmRemove);
    connect(m_relays, &RelayListModel::testingChanged, this, &SettingsDialog::updateRelayButtons);
    connect(m_relays, &QAbstractItemModel::modelReset, this, [this] {
        const int row = m_relays->rowOf(m_selectAfterReload);
        if (row >= 0) {
            m_relayList->setCurrentIndex(m_relays->index(row));
            m_selectAfterReload.clear();
        }
        updateRelayButtons();
    });
    connect(m_relayList->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &SettingsDialog::updateRelayButtons);
}

QWidget* SettingsDialog::buildNotificationsPage() {
    auto* page = new QWidget(this);
    m_notifications = new QCheckBox(tr("Show a desktop notification for new &messages"), page);
    m_notifications->setObjectName(QStringLiteral("notificationsEnabled"));
    m_previews = new QCheckBox(tr("Show the &sender and the message text"), page);
    m_previews->setObjectName(QStringLiteral("notificationPreviews"));
    auto* previewHint = explanation(tr("When this is off, a notification only says “New "
                                       "message”, so nobody near your screen can read along."),
                                    page);
    previewHint->setIndent(24);

    auto* layout = new QVBoxLayout(page);
    layout->addWidget(m_notifications);
    layout->addWidget(m_previews);
    layout->addWidget(previewHint);
    layout->addStretch();

    connect(m_notifications, &QCheckBox::toggled, this, [this](bool on) {
        m_preferences.setNotificationsEnabled(on);
        m_previews->setEnabled(on);
    });
    connect(m_previews, &QCheckBox::toggled, &m_preferences, &Preferences::setNotificationPreviews);
    return page;
}

QWidget* SettingsDialog::buildLanguagePage() {
    auto* page = new QWidget(this);
    m_language = new QComboBox(page);
    m_language->setObjectName(QStringLiteral("languageCombo"));
    m_language->addItem(languageDisplayName(QString()), QString());
    QStringList languages = availableLanguages();
    if (!m_startLanguage.isEmpty() && !languages.contains(m_startLanguage))
        languages << m_startLanguage; // chosen earlier; keep it visible
    for (const QString& language : languages)
        m_language->addItem(languageDisplayName(language), language);

    auto* form = new QFormLayout;
    form->addRow(tr("&Interface language:"), m_language);

    m_languageNotice = new QWidget(page);
    m_languageNotice->setObjectName(QStringLiteral("languageNotice"));
    auto* noticeText =
        explanation(tr("Ferry shows the new language the next time it starts."), m_languageNotice);
    auto* restart = new QPushButton(tr("Restart &now"), m_languageNotice);
    restart->setObjectName(QStringLiteral("restartButton"));
    auto* noticeLayout = new QHBoxLayout(m_languageNotice);
    noticeLayout->setContentsMargins(0, 0, 0, 0);
    noticeLayout->addWidget(noticeText, 1);
    noticeLayout->addWidget(restart);
    m_languageNotice->hide();

    auto* layout = new QVBoxLayout(page);
    layout->addLayout(form);
    layout->addWidget(m_languageNotice);
    layout->addStretch();

    connect(m_language, &QComboBox::currentIndexChanged, this, &SettingsDialog::onLanguageChosen);
    connect(restart, &QPushButton::clicked, this, &SettingsDialog::restartRequested);
    return page;
}

QWidget* SettingsDialog::buildGeneralPage() {
    auto* page = new QWidget(this);
    m_closeToTray =
        new QCheckBox(tr("&Keep Ferry running in the system tray when its window is closed"), page);
    m_closeToTray->setObjectName(QStringLiteral("closeToTray"));
    auto* hint = explanation(tr("Ferry can only receive messages while it is running."), page);
    hint->setIndent(24);

    auto* layout = new QVBoxLayout(page);
    layout->addWidget(m_closeToTray);
    layout->addWidget(hint);
    layout->addStretch();
    connect(m_closeToTray, &QCheckBox::toggled, &m_preferences, &Preferences::setCloseToTray);
    return page;
}

void SettingsDialog::showPreferences() {
    const QSignalBlocker blockNotifications(m_notifications);
    const QSignalBlocker blockPreviews(m_previews);
    const QSignalBlocker blockLanguage(m_language);
    const QSignalBlocker blockTray(m_closeToTray);
    m_notifications->setChecked(m_preferences.notificationsEnabled());
    m_previews->setChecked(m_preferences.notificationPreviews());
    m_previews->setEnabled(m_preferences.notificationsEnabled());
    const int language = m_language->findData(m_preferences.language());
    m_language->setCurrentIndex(language >= 0 ? language : 0);
    m_languageNotice->setHidden(m_preferences.language() == m_startLanguage);
    m_closeToTray->setChecked(m_preferences.closeToTray());
}

void SettingsDialog::addRelay() {
    const QString text = m_addressEdit->text().trimmed();
    QString problem = relayAddressProblem(text);
    if (problem.isEmpty() && m_relays->rowOf(text) >= 0)
        problem = tr("This relay is already in the list.");
    if (!problem.isEmpty()) {
        showRelayMessage(problem, true);
        m_addressEdit->setFocus();
        m_addressEdit->selectAll();
        return;
    }
    m_adding = RelayListModel::canonical(text);
    showRelayMessage(tr("Adding %1…").arg(RelayListModel::shortHost(text)), false);
    updateRelayButtons();
    m_adapter.addRelay(
        text, this, [this, text] { onRelayAdded(text); },
        [this](const core::Error& error) { onAddFailed(error); });
}

void SettingsDialog::onRelayAdded(const QString& address) {
    if (m_adding.isEmpty() || RelayListModel::canonical(address) != m_adding)
        return;
    m_selectAfterReload = m_adding;
    m_adding.clear();
    m_addressEdit->clear();
    showRelayMessage(tr("Added %1.").arg(RelayListModel::shortHost(address)), false);
    updateRelayButtons();
}

void SettingsDialog::onRelayRemoved(const QString& address) {
    QString text = tr("Removed %1.").arg(RelayListModel::shortHost(address));
    if (m_relays->rowCount() <= 1 && m_relays->rowOf(address) >= 0 &&
        !m_directories->directoriesInUse())
        text += QLatin1Char(' ') + tr("Add a relay before you invite new contacts.");
    showRelayMessage(text, false);
}

void SettingsDialog::onAddFailed(const core::Error& error) {
    if (m_adding.isEmpty())
        return;
    m_adding.clear();
    showRelayMessage(tr("Could not add the relay: %1").arg(QString::fromStdString(error.message)),
                     true);
    updateRelayButtons();
}

void SettingsDialog::testRelays() {
    const QStringList relays = chosenRelays(true);
    for (const QString& address : relays)
        m_relays->test(address);
}

void SettingsDialog::confirmRemove() {
    const QStringList relays = chosenRelays(false);
    if (relays.isEmpty())
        return;
    auto* box = new QMessageBox(
        QMessageBox::Question, tr("Remove relay"),
        relays.size() == 1
            ? tr("Remove %1 from your relays?").arg(RelayListModel::shortHost(relays.first()))
            : tr("Remove %n relays from your list?", nullptr, static_cast<int>(relays.size())),
        QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("confirmRemoveRelay"));
    auto* remove = box->addButton(tr("&Remove"), QMessageBox::DestructiveRole);
    remove->setObjectName(QStringLiteral("confirmRemoveButton"));
    box->setDefaultButton(QMessageBox::Cancel);
    QString details = tr("Contacts you already have keep working through the relays they use.");
    if (relays.size() >= m_relays->rowCount()) {
        details = m_directories->directoriesInUse()
                      ? tr("This leaves you without relays of your own: new contacts then reach "
                           "you only through relays from your relay directories.")
                      : tr("This leaves you without relays: you cannot invite new contacts or "
                           "create an address until you add one.");
    }
    box->setInformativeText(details);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, remove, relays] {
        if (box->clickedButton() != remove)
            return;
        for (const QString& address : relays) {
            m_adapter.removeRelay(
                address, this, [this, address] { onRelayRemoved(address); },
                [this](const core::Error& error) {
                    showRelayMessage(tr("Could not remove the relay: %1")
                                         .arg(QString::fromStdString(error.message)),
                                     true);
                });
        }
    });
    box->open();
}

void SettingsDialog::onLanguageChosen() {
    m_preferences.setLanguage(m_language->currentData().toString());
    m_languageNotice->setHidden(m_preferences.language() == m_startLanguage);
}

void SettingsDialog::updateRelayButtons() {
    const bool testing = m_relays->testing();
    m_testButton->setEnabled(!testing && m_relays->rowCount() > 0);
    m_testButton->setText(testing ? tr("Testing…") : tr("&Test connection"));
    m_removeButton->setEnabled(!chosenRelays(false).isEmpty());
    m_addButton->setEnabled(m_adding.isEmpty());
}

void SettingsDialog::showRelayMessage(const QString& text, bool problem) {
    m_relayMessage->setText(text);
    m_relayMessage->setProperty("problem", problem);
    QPalette palette = m_relayMessage->palette();
    palette.setColor(QPalette::WindowText, problem ? QColor(0xc0, 0x2b, 0x2b)
                                                   : this->palette().color(QPalette::WindowText));
    m_relayMessage->setPalette(palette);
    m_relayMessage->setVisible(!text.isEmpty());
}

QStringList SettingsDialog::chosenRelays(bool allWhenNone) const {
    QStringList relays;
    const auto rows = m_relayList->selectionModel()->selectedRows();
    for (const QModelIndex& index : rows)
        relays << index.data(RelayListModel::AddressRole).toString();
    if (relays.isEmpty() && allWhenNone)
        relays = m_relays->addresses();
    return relays;
}

} // namespace ferry::ui
