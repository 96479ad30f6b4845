#pragma once

#include "agent/agent.h"

#include <QGroupBox>
#include <QStringList>

class QCheckBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace ferry::ui {

class EngineAdapter;

/// "Relay directories" on the Relays page of the settings: the profile's directory addresses
/// (add, validated as the user types them; remove) and whether new conversations keep to the
/// user's own relays. Loads the profile's settings when built and follows changes made
/// elsewhere; every change is stored at once.
class DirectorySettingsBox : public QGroupBox {
    Q_OBJECT

public:
    explicit DirectorySettingsBox(EngineAdapter& adapter, QWidget* parent = nullptr);

    /// The directories as last stored (empty before they are loaded).
    QStringList directories() const { return m_shown; }
    /// New conversations may go on relays from the directories: there is one, and the user
    /// has not kept to their own relays.
    bool directoriesInUse() const;

signals:
    /// The stored settings changed (or were first loaded).
    void settingsShown();

private:
    void load();
    void display(const QStringList& directories, bool onlyMyRelays);
    void addDirectory();
    void removeSelected();
    void store(const core::agent::DirectorySettings& settings, const QString& success);
    void updateButtons();
    void showMessage(const QString& text, bool problem);

    EngineAdapter& m_adapter;
    core::agent::DirectorySettings m_settings; ///< as stored in the profile
    QStringList m_shown;                       ///< the same addresses, for Qt
    bool m_saving = false;

    QListWidget* m_list = nullptr;
    QLabel* m_empty = nullptr; ///< instead of the list while it is empty
    QLineEdit* m_addressEdit = nullptr;
    QPushButton* m_addButton = nullptr;
    QPushButton* m_removeButton = nullptr;
    QCheckBox* m_onlyMine = nullptr;
    QLabel* m_message = nullptr;
};

} // namespace ferry::ui
