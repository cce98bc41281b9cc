using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Glyphh.Benchmarks.Pipeline;

/// <summary>
/// A server that runs each request of the real hosting pipeline (HostingApplication: context, hosting metrics and
/// diagnostics, then the app's middleware and endpoint) on the caller's thread; so <see cref="GC.GetAllocatedBytesForCurrentThread"/> sees every byte a request allocates.
/// </summary>
internal sealed class InlineServer : IServer
{
    private Func<string, string?, (int Status, bool Synchronous)>? _send;

    public IFeatureCollection Features { get; } = new FeatureCollection();

    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull
    {
        Features.Set<IServerAddressesFeature>(new ServerAddressesFeature());
        var connection = new Connection<TContext>();
        _send = (path, authorization) => connection.Send(application, path, authorization);
        return Task.CompletedTask;
    }

    /// <summary>One GET; the status and whether the pipeline completed without leaving the thread.</summary>
    public (int Status, bool Synchronous) Get(string path, string? authorization) =>
        (_send ?? throw new InvalidOperationException("The server has not started."))(path, authorization);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
    }

    private sealed class Connection<TContext>
        where TContext : notnull
    {
        private const int FeatureCapacity = 32;

        private readonly ResponseFeature _response = new();

        public (int Status, bool Synchronous) Send(IHttpApplication<TContext> application, string path, string? authorization)
        {
            // Fresh features per request, as Kestrel resets its own (the request scope lives in them); the same bytes
            // in every host, so they cancel out of a comparison.
            var request = new HttpRequestFeature { Method = HttpMethods.Get, Scheme = "http", Protocol = "HTTP/1.1", Path = path, RawTarget = path };
            request.Headers.Host = "localhost";
            if (authorization is not null)
            {
                request.Headers.Authorization = authorization;
            }

            _response.Reset();
            // Sized for every feature either host sets: Kestrel keeps a connection's features in fields and a reused
            // list, so a middleware's extra features (authentication's three) cost a request nothing there; a growing
            // dictionary here would charge the SDK host for resizes no server makes (~600 B a request).
            var features = new FeatureCollection(FeatureCapacity);
            features.Set<IHttpRequestFeature>(request);
            features.Set<IHttpResponseFeature>(_response);
            features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(Stream.Null));
            var context = application.CreateContext(features);
            var task = application.ProcessRequestAsync(context);
            var synchronous = task.IsCompleted;
            task.GetAwaiter().GetResult();
            var status = _response.StatusCode;
            _response.Complete();
            application.DisposeContext(context, null);
            return (status, synchronous);
        }
    }

    /// <summary>Runs the on-completed callbacks (the request scope's disposal is one) as a server does.</summary>
    private sealed class ResponseFeature : HttpResponseFeature
    {
        private readonly List<(Func<object, Task> Callback, object State)> _completed = [];

        public override void OnCompleted(Func<object, Task> callback, object state) => _completed.Add((callback, state));

        public void Reset()
        {
            StatusCode = StatusCodes.Status200OK;
            ReasonPhrase = null;
            Headers.Clear();
            _completed.Clear();
        }

        public void Complete()
        {
            for (var i = _completed.Count - 1; i >= 0; i--)
            {
                _completed[i].Callback(_completed[i].State).GetAwaiter().GetResult();
            }
        }
    }
}
