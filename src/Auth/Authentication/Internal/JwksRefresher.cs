using Glyphh.Auth.Diagnostics.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Glyphh.Auth.Authentication.Internal;

/// <summary>Fetches the JWKS through IHttpClientFactory; throttled so unknown <c>kid</c> values cannot drive a fetch storm.</summary>
internal sealed class JwksRefresher
{
    public const string HttpClientName = "Glyphh.Auth.Jwks";
    private const int MaxJwksBytes = 1024 * 1024;

    private readonly IHttpClientFactory _httpClients;
    private readonly SigningKeys _keys;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly GlyphhJwtOptions _options;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DateTimeOffset _lastAttempt = DateTimeOffset.MinValue;

    public JwksRefresher(IHttpClientFactory httpClients, SigningKeys keys, IOptions<GlyphhAuthOptions> options, TimeProvider time, ILogger<JwksRefresher> logger)
    {
        _httpClients = httpClients;
        _keys = keys;
        _time = time;
        _logger = logger;
        _options = options.Value.Jwt;
    }

    public bool Enabled => _options.JwksUrl is not null;

    /// <summary>Refreshes unless a fetch happened within the minimum interval (when <paramref name="force"/> is false).</summary>
    public async Task<bool> RefreshAsync(bool force, CancellationToken cancellationToken)
    {
        if (_options.JwksUrl is not { } url)
        {
            return false;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = _time.GetUtcNow();
            if (!force && now - _lastAttempt < _options.JwksMinimumRefreshInterval)
            {
                return false;
            }

            _lastAttempt = now;
            using var activity = AuthActivity.Start("glyphh.auth.jwks.refresh");
            try
            {
                var client = _httpClients.CreateClient(HttpClientName);
                using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                response.EnsureSuccessStatusCode();
                if (response.Content.Headers.ContentLength > MaxJwksBytes)
                {
                    throw new InvalidOperationException("The JWKS document is larger than 1 MiB.");
                }

                var json = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                if (json.Length > MaxJwksBytes)
                {
                    throw new InvalidOperationException("The JWKS document is larger than 1 MiB.");
                }

                var keys = new JsonWebKeySet(json).GetSigningKeys();
                _keys.SetJwks(keys);
                Log.JwksRefreshed(_logger, url, keys.Count);
                activity?.SetTag("glyphh.auth.jwks.keys", keys.Count);
                return true;
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException or ArgumentException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                Log.JwksRefreshFailed(_logger, url, e);
                activity?.SetTag("error.type", e.GetType().FullName);
                activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.Message);
                return false;
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
