#pragma once

#include "agent/agent.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;

namespace ferry::ui {

class EngineAdapter;

/// The Privacy page of the settings: private routing (how messages reach contacts' relays)
/// and whether a message may go straight there when its route fails. Loads the profile's
/// settings when built; every change is stored at once.
class PrivacyPage : public QWidget {
    Q_OBJECT

public:
    explicit PrivacyPage(EngineAdapter& adapter, QWidget* parent = nullptr);

private:
    void load();
    void display(const core::agent::RoutingSettings& settings);
    void store();
    void showProblem(const QString& text);

    EngineAdapter& m_adapter;
    QComboBox* m_mode = nullptr;
    QCheckBox* m_allowDirect = nullptr;
    QLabel* m_problem = nullptr;
};

} // namespace ferry::ui
