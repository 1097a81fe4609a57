// TlsStream: a server-side TLS stream in which OpenSSL reads and writes the socket itself
// (a socket BIO on its descriptor) and Asio only waits for the socket to be readable or writable.
//
// Why not asio::ssl::stream: it pumps every byte through a BIO pair and keeps four 17 KiB buffers
// per connection (two in its stream core, two in the BIO pair) for the connection's whole life:
// ~68 KiB for each candidate who is only reading a question. Here an idle connection holds the
// SSL object and nothing else; with SSL_MODE_RELEASE_BUFFERS (set on the context) OpenSSL frees
// its record buffers whenever no record is in flight. That is what brings a connected candidate
// under DESIGN.md §7's 64 KiB.
//
// Contract:
// - At most one read (async_read_some) and one write (async_write_some, async_handshake or
//   async_shutdown) are outstanding at a time, and every operation runs on the socket's
//   executor, which is a strand. That is how Beast's websocket::stream and http::async_read /
//   async_write use a stream, and OpenSSL allows a read and a write to interleave on one SSL
//   object as long as they never run at the same instant.
// - A write that OpenSSL could not finish is retried with the same bytes: the operation owns
//   what it passes to SSL_write (SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER lets them move).
// - Close() closes the socket: every pending operation completes with operation_aborted.
// - An operation completes as if by post, never inside the call that started it.
#ifndef KHAOTHI_SERVER_SRC_TLS_STREAM_H_
#define KHAOTHI_SERVER_SRC_TLS_STREAM_H_

#include <cstddef>
#include <string>
#include <type_traits>
#include <utility>

#include <boost/asio/async_result.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/async_base.hpp>
#include <boost/beast/core/buffers_prefix.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <boost/beast/websocket/teardown.hpp>

// OpenSSL's types, so that this header does not pull in <openssl/ssl.h>.
typedef struct ssl_st SSL;
typedef struct ssl_ctx_st SSL_CTX;

namespace khaothi::server {

class TlsStream {
 public:
  using executor_type = boost::asio::ip::tcp::socket::executor_type;
  // What one attempt at an OpenSSL call asks for next.
  enum class Next { kDone, kWaitRead, kWaitWrite };
  struct Attempt {
    Next next = Next::kDone;
    boost::beast::error_code ec;
    std::size_t bytes = 0;
  };

  // Takes `socket` (connected, not yet used) and makes a server-side SSL object of `ctx`. Check
  // ok() before use: creating the SSL object can fail for lack of memory.
  TlsStream(boost::asio::ip::tcp::socket socket, SSL_CTX* ctx);
  TlsStream(const TlsStream&) = delete;
  TlsStream& operator=(const TlsStream&) = delete;
  ~TlsStream();

  bool ok() const { return ssl_ != nullptr; }
  executor_type get_executor() noexcept { return socket_.get_executor(); }
  boost::asio::ip::tcp::socket& socket() { return socket_; }
  // Closes the socket; pending operations complete with operation_aborted.
  void Close();

  // One attempt of each OpenSSL call; the asynchronous operations below repeat them after
  // waiting for the socket. Public for those operations only.
  Attempt TryHandshake();
  Attempt TryRead(void* data, std::size_t size);
  Attempt TryWrite(const void* data, std::size_t size);
  Attempt TryShutdown();

  // The TLS 1.3 handshake as the server. Signature: void(error_code).
  template <class Token>
  auto async_handshake(Token&& token) {
    return boost::asio::async_initiate<Token, void(boost::beast::error_code)>(
        [this](auto handler) {
          using Handler = decltype(handler);
          Op<Handler, HandshakeStep>(std::move(handler), *this, HandshakeStep{});
        },
        token);
  }

  // Sends close_notify; does not wait for the peer's (the TCP teardown follows). Signature:
  // void(error_code).
  template <class Token>
  auto async_shutdown(Token&& token) {
    return boost::asio::async_initiate<Token, void(boost::beast::error_code)>(
        [this](auto handler) {
          using Handler = decltype(handler);
          Op<Handler, ShutdownStep>(std::move(handler), *this, ShutdownStep{});
        },
        token);
  }

  // AsyncReadStream: reads into the first non-empty buffer of `buffers`.
  template <class MutableBuffers, class Token>
  auto async_read_some(const MutableBuffers& buffers, Token&& token) {
    boost::asio::mutable_buffer first;
    for (auto it = boost::asio::buffer_sequence_begin(buffers);
         it != boost::asio::buffer_sequence_end(buffers); ++it) {
      if (boost::asio::mutable_buffer b(*it); b.size() > 0) {
        first = b;
        break;
      }
    }
    return boost::asio::async_initiate<Token, void(boost::beast::error_code, std::size_t)>(
        [this](auto handler, boost::asio::mutable_buffer b) {
          using Handler = decltype(handler);
          Op<Handler, ReadStep>(std::move(handler), *this, ReadStep{b});
        },
        token, first);
  }

  // AsyncWriteStream: writes at most one TLS record (16 KiB). A sequence of several buffers
  // (Beast sends a frame header and its payload) is gathered into one record rather than one
  // record per buffer.
  template <class ConstBuffers, class Token>
  auto async_write_some(const ConstBuffers& buffers, Token&& token) {
    WriteStep step;
    auto prefix = boost::beast::buffers_prefix(kMaxRecord, buffers);
    auto begin = boost::asio::buffer_sequence_begin(prefix);
    const std::size_t total = boost::asio::buffer_size(prefix);
    if (begin != boost::asio::buffer_sequence_end(prefix) &&
        boost::asio::const_buffer(*begin).size() == total) {
      step.view = boost::asio::const_buffer(*begin);
    } else {
      step.copy.resize(total);
      boost::asio::buffer_copy(boost::asio::buffer(step.copy), prefix);
    }
    return boost::asio::async_initiate<Token, void(boost::beast::error_code, std::size_t)>(
        [this](auto handler, WriteStep s) {
          using Handler = decltype(handler);
          Op<Handler, WriteStep>(std::move(handler), *this, std::move(s));
        },
        token, std::move(step));
  }

 private:
  static constexpr std::size_t kMaxRecord = 16 * 1024;

  struct HandshakeStep {
    using Signature = void(boost::beast::error_code);
    Attempt operator()(TlsStream& s) { return s.TryHandshake(); }
  };
  struct ShutdownStep {
    using Signature = void(boost::beast::error_code);
    Attempt operator()(TlsStream& s) { return s.TryShutdown(); }
  };
  struct ReadStep {
    using Signature = void(boost::beast::error_code, std::size_t);
    boost::asio::mutable_buffer buffer;
    Attempt operator()(TlsStream& s) { return s.TryRead(buffer.data(), buffer.size()); }
  };
  struct WriteStep {
    using Signature = void(boost::beast::error_code, std::size_t);
    boost::asio::const_buffer view;  // used when the bytes are one buffer already
    std::string copy;                // otherwise the gathered bytes, owned for retries
    Attempt operator()(TlsStream& s) {
      return copy.empty() ? s.TryWrite(view.data(), view.size())
                          : s.TryWrite(copy.data(), copy.size());
    }
  };

  // One asynchronous operation: attempt `Step`; when OpenSSL wants the socket, wait for it and
  // attempt again. Completes through beast::async_base, which posts when the first attempt
  // finishes the operation.
  template <class Handler, class Step>
  class Op : public boost::beast::async_base<Handler, executor_type> {
   public:
    Op(Handler&& handler, TlsStream& stream, Step step)
        : boost::beast::async_base<Handler, executor_type>(std::move(handler),
                                                           stream.get_executor()),
          stream_(stream),
          step_(std::move(step)) {
      (*this)(boost::beast::error_code(), false);
    }
    Op(Op&&) = default;

    void operator()(boost::beast::error_code ec, bool continuation = true) {
      Attempt a;
      if (ec) {
        a.ec = ec;
      } else {
        a = step_(stream_);
        if (a.next != Next::kDone) {
          stream_.socket_.async_wait(a.next == Next::kWaitRead
                                         ? boost::asio::socket_base::wait_read
                                         : boost::asio::socket_base::wait_write,
                                     std::move(*this));
          return;
        }
      }
      if constexpr (std::is_same_v<typename Step::Signature, void(boost::beast::error_code)>) {
        this->complete(continuation, a.ec);
      } else {
        this->complete(continuation, a.ec, a.bytes);
      }
    }

   private:
    TlsStream& stream_;
    Step step_;
  };

  boost::asio::ip::tcp::socket socket_;
  SSL* ssl_ = nullptr;
};

// Beast's customisation points (found by argument-dependent lookup): how a websocket::stream over
// a TlsStream is closed after the timeout and torn down after the closing handshake.
void beast_close_socket(TlsStream& stream);
void teardown(boost::beast::role_type role, TlsStream& stream, boost::beast::error_code& ec);

template <class TeardownHandler>
void async_teardown(boost::beast::role_type role, TlsStream& stream, TeardownHandler&& handler) {
  // close_notify first, then the TCP teardown; an error of the first does not skip the second.
  stream.async_shutdown([role, &stream, h = std::forward<TeardownHandler>(handler)](
                            boost::beast::error_code) mutable {
    boost::beast::websocket::async_teardown(role, stream.socket(), std::move(h));
  });
}

}  // namespace khaothi::server

#endif  // KHAOTHI_SERVER_SRC_TLS_STREAM_H_
