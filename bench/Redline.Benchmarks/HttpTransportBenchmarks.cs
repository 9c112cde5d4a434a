using System.Net;
using System.Net.Sockets;
using System.Text;
using BenchmarkDotNet.Attributes;
using Redline.Engine;
using Redline.Protocols.Http;

namespace Redline.Benchmarks;

/// <summary>
/// One HTTP GET through each client to a server on loopback that answers from a blocking loop on
/// a thread of its own and allocates nothing per request: the time includes the server's and the
/// kernel's, the allocation is the client's alone.
/// </summary>
[MemoryDiagnoser]
public class HttpTransportBenchmarks
{
    private static readonly byte[] Answer = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 6\r\nContent-Type: text/plain\r\n\r\nhello\n");

    private Socket _listener = null!;
    private Thread _server = null!;
    private HttpTarget _target = null!;
    private Step _step = null!;
    private StepContext _context = null!;

    [Params("http1", "httpclient")]
    public string Transport { get; set; } = "http1";

    [GlobalSetup]
    public void Setup()
    {
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen();
        _server = new Thread(Serve) { IsBackground = true, Name = "benchmark server" };
        _server.Start();
        var port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        var options = new HttpTargetOptions { Transport = Transport == "http1" ? HttpTransportKind.Http1 : HttpTransportKind.HttpClient };
        _target = new HttpTarget(new Uri($"http://127.0.0.1:{port}"), options);
        _step = _target.CreateStep(HttpRequestSpec.Get("/"));
        _context = new StepContext("hello", 0, 0, new Random(1));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _target.Dispose();
        _listener.Dispose();
    }

    /// <summary>One request and its whole answer, on a kept-alive connection.</summary>
    [Benchmark]
    public async Task<int> Get() => (await _step(_context, CancellationToken.None)).StatusCode;

    private void Serve()
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                using var connection = _listener.Accept();
                connection.NoDelay = true;
                // One request per read is enough here: the client sends each whole, and waits for its answer.
                while (connection.Receive(buffer) > 0)
                {
                    connection.Send(Answer);
                }
            }
        }
        catch (SocketException)
        {
            // The listener was closed.
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
