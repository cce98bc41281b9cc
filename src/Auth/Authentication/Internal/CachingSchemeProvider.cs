using Microsoft.AspNetCore.Authentication;

namespace Glyphh.Auth.Authentication.Internal;

/// <summary>
/// The framework's scheme provider with its answers' tasks kept: it makes a new completed task on every call, and the
/// authentication middleware and handler provider ask three times per request. The answers change only through
/// <see cref="AddScheme"/>, <see cref="TryAddScheme"/> and <see cref="RemoveScheme"/>, which pass through here and
/// drop what was kept (a version stamp keeps a lookup racing a change from storing the old answer).
/// </summary>
internal sealed class CachingSchemeProvider : IAuthenticationSchemeProvider
{
    private readonly IAuthenticationSchemeProvider _inner;
    private int _version;
    private Kept<AuthenticationScheme?>? _defaultAuthenticate;
    private Kept<IEnumerable<AuthenticationScheme>>? _requestHandlers;
    private Kept<AuthenticationScheme?>? _named; // The last scheme asked for by name (on a Glyphh host, nearly always Glyphh).

    public CachingSchemeProvider(IAuthenticationSchemeProvider inner) => _inner = inner;

    public Task<AuthenticationScheme?> GetDefaultAuthenticateSchemeAsync() =>
        Get(ref _defaultAuthenticate, null, static (p, _) => p.GetDefaultAuthenticateSchemeAsync());

    public Task<IEnumerable<AuthenticationScheme>> GetRequestHandlerSchemesAsync() =>
        Get(ref _requestHandlers, null, static (p, _) => p.GetRequestHandlerSchemesAsync());

    public Task<AuthenticationScheme?> GetSchemeAsync(string name) =>
        Get(ref _named, name, static (p, n) => p.GetSchemeAsync(n!));

    public Task<IEnumerable<AuthenticationScheme>> GetAllSchemesAsync() => _inner.GetAllSchemesAsync();

    public Task<AuthenticationScheme?> GetDefaultChallengeSchemeAsync() => _inner.GetDefaultChallengeSchemeAsync();

    public Task<AuthenticationScheme?> GetDefaultForbidSchemeAsync() => _inner.GetDefaultForbidSchemeAsync();

    public Task<AuthenticationScheme?> GetDefaultSignInSchemeAsync() => _inner.GetDefaultSignInSchemeAsync();

    public Task<AuthenticationScheme?> GetDefaultSignOutSchemeAsync() => _inner.GetDefaultSignOutSchemeAsync();

    public void AddScheme(AuthenticationScheme scheme)
    {
        try
        {
            _inner.AddScheme(scheme);
        }
        finally
        {
            Changed();
        }
    }

    public bool TryAddScheme(AuthenticationScheme scheme)
    {
        try
        {
            return _inner.TryAddScheme(scheme);
        }
        finally
        {
            Changed();
        }
    }

    public void RemoveScheme(string name)
    {
        try
        {
            _inner.RemoveScheme(name);
        }
        finally
        {
            Changed();
        }
    }

    private void Changed()
    {
        Interlocked.Increment(ref _version);
        _defaultAuthenticate = null;
        _requestHandlers = null;
        _named = null;
    }

    private Task<T> Get<T>(ref Kept<T>? slot, string? name, Func<IAuthenticationSchemeProvider, string?, Task<T>> ask)
    {
        var version = Volatile.Read(ref _version);
        var kept = Volatile.Read(ref slot);
        if (kept is not null && kept.Version == version && string.Equals(kept.Name, name, StringComparison.Ordinal))
        {
            return kept.Task;
        }

        var task = ask(_inner, name);
        if (task.IsCompletedSuccessfully && Volatile.Read(ref _version) == version)
        {
            Volatile.Write(ref slot, new Kept<T>(version, name, task));
        }

        return task;
    }

    private sealed record Kept<T>(int Version, string? Name, Task<T> Task);
}
