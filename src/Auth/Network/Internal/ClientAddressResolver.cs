using System.Collections.Frozen;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Glyphh.Auth.Network.Internal;

/// <summary>
/// The client address: the connection peer, or, when the peer is a trusted proxy, the right-most untrusted address of
/// <c>X-Forwarded-For</c>. A malformed header from a trusted proxy yields no address (fail closed).
/// </summary>
internal sealed class ClientAddressResolver
{
    private const string ForwardedFor = "X-Forwarded-For";
    private const int MaxHops = 32;

    private readonly CidrList _trustedProxies;

    public ClientAddressResolver(IOptions<GlyphhAuthOptions> options)
    {
        _trustedProxies = CidrList.Parse(options.Value.TrustedProxies);
        Allowlists = options.Value.IpAllowlists.ToFrozenDictionary(p => p.Key, p => CidrList.Parse(p.Value ?? []), StringComparer.Ordinal);
    }

    public FrozenDictionary<string, CidrList> Allowlists { get; }

    public IPAddress? Resolve(HttpContext context)
    {
        var peer = context.Connection.RemoteIpAddress;
        if (peer is null)
        {
            return null;
        }

        peer = CidrList.Normalize(peer);
        if (_trustedProxies.IsEmpty || !_trustedProxies.Contains(peer))
        {
            return peer;
        }

        var headers = context.Request.Headers[ForwardedFor];
        if (headers.Count == 0)
        {
            return peer;
        }

        var hops = new List<string>();
        foreach (var header in headers)
        {
            foreach (var part in (header ?? "").Split(',', StringSplitOptions.TrimEntries))
            {
                hops.Add(part);
                if (hops.Count > MaxHops)
                {
                    return null;
                }
            }
        }

        for (var i = hops.Count - 1; i >= 0; i--)
        {
            if (!CidrList.TryParseAddress(hops[i], out var hop))
            {
                return null;
            }

            if (i == 0 || !_trustedProxies.Contains(hop))
            {
                return hop;
            }
        }

        return null;
    }
}
