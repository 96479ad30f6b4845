#pragma once

#include "util/result.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QPushButton;
class QWidget;

namespace ferry::ui {

class DirectorySettingsBox;
class EngineAdapter;
class Preferences;
class RelayListModel;

/// Settings of the desktop app: the relay list (add, test, remove, live state) and the relay
/// directories, private routing, notifications, language and tray behaviour. Every change
/// applies at once.
class SettingsDialog : public QDialog {
    Q_OBJECT

public:
    /// Uses a relay list of its own: it learns connection states from now on only.
    SettingsDialog(EngineAdapter& adapter, Preferences& preferences, QWidget* parent = nullptr);
    /// Shows `relays`, a model that has followed the adapter since the profile opened, so the
    /// states of connections made before the dialog opened are known too.
    SettingsDialog(EngineAdapter& adapter, Preferences& preferences, RelayListModel& relays,
                   QWidget* parent = nullptr);

    /// Why `text` is not a relay address, in words for the user; empty when it is one.
    static QString relayAddressProblem(const QString& text);

signals:
    /// The user asked to restart now so that a new language takes effect.
    void restartRequested();

private:
    void build();
    QWidget* buildRelaysPage();
    void connectRelayWidgets();
    QWidget* buildNotificationsPage();
    QWidget* buildLanguagePage();
    QWidget* buildGeneralPage();
    void showPreferences();

    void addRelay();
    void testRelays();
    void confirmRemove();
    void onRelayAdded(const QString& address);
    void onRelayRemoved(const QString& address);
    void onAddFailed(const core::Error& error);
    void onLanguageChosen();
    void updateRelayButtons();
    void showRelayMessage(const QString& text, bool problem);
    /// The selected relays; all of them when none is selected.
    QStringList chosenRelays(bool allWhenNone) const;

    EngineAdapter& m_adapter;
    Preferences& m_preferences;
    RelayListModel* m_relays = nullptr;
    QString m_startLanguage; ///< the language the running app shows
    QString m_adding;        ///< canonical address while an add is under way
    QString m_selectAfterReload;

    QListView* m_relayList = nullptr;
    QLineEdit* m_addressEdit = nullptr;
    QPushButton* m_addButton = nullptr;
    QPushButton* m_testButton = nullptr;
    QPushButton* m_removeButton = nullptr;
    QLabel* m_relayMessage = nullptr;
    DirectorySettingsBox* m_directories = nullptr;
    QCheckBox* m_notifications = nullptr;
    QCheckBox* m_previews = nullptr;
    QComboBox* m_language = nullptr;
    QWidget* m_languageNotice = nullptr;
    QCheckBox* m_closeToTray = nullptr;
};

} // namespace ferry::ui
