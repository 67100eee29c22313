#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>

namespace ocds {

/// Items made on a thread of their own while the calling thread uses them: a bounded queue
/// between one producer and one consumer, so that reading and writing (or a database's export
/// and our mapping) overlap while memory holds `capacity` items at most.
///
/// The producer ends the stream by returning, or by throwing: the consumer gets every item made
/// before the exception, then the exception. The consumer ends it early by destroying the
/// Producer: a push that waits, or the next push, returns false, and the thread is joined.
/// Items the consumer is done with can be handed back (give_back) for the producer to reuse
/// (recycled), which keeps their buffers allocated.
template<typename T>
class Producer {
public:
    /// What the producing function gets.
    class Queue {
    public:
        /// Waits while `capacity` items wait to be taken. False once the consumer has stopped:
        /// the producer should then return.
        bool push(T item) {
            std::unique_lock<std::mutex> lock(m_owner.m_mutex);
            m_owner.m_changed.wait(lock,
                                   [&] { return m_owner.m_ready.size() < m_owner.m_capacity || m_owner.m_stopped; });
            if (m_owner.m_stopped) {
                return false;
            }
            m_owner.m_ready.push_back(std::move(item));
            m_owner.m_changed.notify_all();
            return true;
        }

        /// An item the consumer gave back, or a new one.
        T recycled() {
            std::lock_guard<std::mutex> lock(m_owner.m_mutex);
            if (m_owner.m_returned.empty()) {
                return T();
            }
            T item = std::move(m_owner.m_returned.front());
            m_owner.m_returned.pop_front();
            return item;
        }

    private:
        friend class Producer;
        explicit Queue(Producer& owner) : m_owner(owner) {}
        Producer& m_owner;
    };

    Producer(std::size_t capacity, std::function<void(Queue&)> produce)
        : m_capacity(capacity), m_queue(*this), m_thread([this, produce = std::move(produce)] { run(produce); }) {}
    Producer(const Producer&) = delete;
    Producer& operator=(const Producer&) = delete;
    ~Producer() {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_stopped = true;
        }
        m_changed.notify_all();
        m_thread.join();
    }

    /// The next item; false at the end of the stream.
    /// @throws what the producing function threw, after the items it made before
    bool next(T& item) {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_changed.wait(lock, [&] { return !m_ready.empty() || m_ended; });
        if (!m_ready.empty()) {
            item = std::move(m_ready.front());
            m_ready.pop_front();
            m_changed.notify_all();
            return true;
        }
        if (m_failure) {
            std::rethrow_exception(m_failure);
        }
        return false;
    }

    /// Hands an item back for the producer to reuse (Queue::recycled).
    void give_back(T item) {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_returned.push_back(std::move(item));
    }

private:
    void run(const std::function<void(Queue&)>& produce) {
        std::exception_ptr failure;
        try {
            produce(m_queue);
        } catch (...) {
            failure = std::current_exception();
        }
        std::lock_guard<std::mutex> lock(m_mutex);
        m_failure = failure;
        m_ended = true;
        m_changed.notify_all();
    }

    std::size_t m_capacity;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<T> m_ready;    ///< made, waiting to be taken
    std::deque<T> m_returned; ///< given back, waiting to be reused
    bool m_ended = false;     ///< the producing function returned or threw
    bool m_stopped = false;   ///< the consumer is gone
    std::exception_ptr m_failure;
    Queue m_queue;
    std::thread m_thread; ///< last: started once the rest is ready
};

} // namespace ocds
