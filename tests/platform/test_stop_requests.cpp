// StopRequests on this system: SIGINT and SIGTERM reach wait() instead of ending the process,
// cancel() wakes it from another thread, and the signal mask is as before afterwards.
#include "platform/stop_requests.h"

#include <QtTest>
#include <csignal>
#include <future>
#include <pthread.h>
#include <thread>

using ferry::app::StopRequests;

namespace {

bool blocked(int signal) {
    sigset_t mask;
    pthread_sigmask(SIG_BLOCK, nullptr, &mask);
    return sigismember(&mask, signal) == 1;
}

} // namespace

class TestStopRequests : public QObject {
    Q_OBJECT

private slots:
    void signalsReachWaitInsteadOfEndingTheProcess() {
        QVERIFY(!blocked(SIGINT));
        {
            StopRequests stopRequests;
            QVERIFY(blocked(SIGINT) && blocked(SIGTERM));
            raise(SIGINT); // would end the process without StopRequests
            QCOMPARE(stopRequests.wait(), std::string("interrupted"));
            raise(SIGTERM);
            QCOMPARE(stopRequests.wait(), std::string("terminated"));
        }
        QVERIFY(!blocked(SIGINT) && !blocked(SIGTERM));
    }

    void aThreadStartedAfterwardsWaitsAndIsCancelled() {
        StopRequests stopRequests;
        std::promise<std::string> answer;
        std::thread waiter([&] { answer.set_value(stopRequests.wait()); });
        auto result = answer.get_future();
        QVERIFY(result.wait_for(std::chrono::milliseconds(200)) == std::future_status::timeout);
        stopRequests.cancel();
        QVERIFY(result.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
        QCOMPARE(result.get(), std::string());
        waiter.join();
    }

    void aCancelBeforeTheWaitIsNotLost() {
        StopRequests stopRequests;
        stopRequests.cancel();
        QCOMPARE(stopRequests.wait(), std::string());
    }

    void aStopRequestNobodyWaitedForDoesNotOutliveIt() {
        {
            StopRequests stopRequests;
            raise(SIGTERM);
        } // pending when the mask is restored: it must not end the test
        QVERIFY(!blocked(SIGTERM));
    }
};

QTEST_GUILESS_MAIN(TestStopRequests)
#include "test_stop_requests.moc"
