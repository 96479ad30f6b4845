#pragma once

#include "ui/node_types.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;

namespace ferry::ui {

/// Edits the limits of the in-app relay: port, storage cap, daily and monthly traffic
/// quotas (or none), maximum connections. OK is refused while a limit makes no sense.
class NodeLimitsDialog : public QDialog {
    Q_OBJECT

public:
    explicit NodeLimitsDialog(const NodeLimits& limits, QWidget* parent = nullptr);

    /// The limits as the fields show them now.
    NodeLimits limits() const;
    void setLimits(const NodeLimits& limits);

    /// What is wrong with `limits`, in a sentence; empty when they are fine.
    static QString limitsProblem(const NodeLimits& limits);

    static constexpr quint64 kMinimumStorageBytes = 10ull << 20;
    static constexpr quint64 kMinimumQuotaBytes = 10ull << 20;

public slots:
    void accept() override;

private:
    /// A size in MB or GB: a number field beside a unit choice.
    struct SizeField {
        QDoubleSpinBox* number = nullptr;
        QComboBox* unit = nullptr;
        QCheckBox* noLimit = nullptr; ///< only for quotas
    };

    SizeField sizeField(const char* name, bool withNoLimit);
    QWidget* sizeRow(const SizeField& field);
    static void showSize(const SizeField& field, quint64 bytes);
    static quint64 sizeOf(const SizeField& field);

    QSpinBox* m_port;
    SizeField m_storage;
    SizeField m_daily;
    SizeField m_monthly;
    QSpinBox* m_connections;
    QSpinBox* m_bandwidth = nullptr;
    QCheckBox* m_pauseOnBattery = nullptr;
    QCheckBox* m_pauseOnMetered = nullptr;
    QCheckBox* m_proxy = nullptr;
    QCheckBox* m_listed = nullptr;
    QLabel* m_error;
};

} // namespace ferry::ui
