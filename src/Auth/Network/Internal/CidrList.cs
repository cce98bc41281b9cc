using System.Net;
using System.Net.Sockets;

namespace Glyphh.Auth.Network.Internal;

/// <summary>A list of IPv4/IPv6 CIDR ranges; a bare address is a single host.</summary>
internal sealed class CidrList
{
    private readonly IPNetwork[] _networks;

    private CidrList(IPNetwork[] networks) => _networks = networks;

    public static CidrList Empty { get; } = new([]);

    public bool IsEmpty => _networks.Length == 0;

    public static CidrList Parse(IEnumerable<string> entries)
    {
        var networks = new List<IPNetwork>();
        foreach (var entry in entries)
        {
            if (!TryParse(entry, out var network))
            {
                throw new FormatException($"'{entry}' is not an IP address or CIDR range.");
            }

            networks.Add(network);
        }

        return new CidrList([.. networks]);
    }

    public static bool TryParse(string? entry, out IPNetwork network)
    {
        network = default;
        if (string.IsNullOrWhiteSpace(entry))
        {
            return false;
        }

        var text = entry.Trim();
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (!TryParseAddress(slash < 0 ? text : text[..slash], out var address))
        {
            return false;
        }

        var maxPrefix = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = maxPrefix;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out prefix) || prefix > maxPrefix))
        {
            return false;
        }

        // Clear host bits so "10.1.2.3/8" means 10.0.0.0/8 rather than failing.
        var bytes = address.GetAddressBytes();
        for (var bit = prefix; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        network = new IPNetwork(new IPAddress(bytes), prefix);
        return true;
    }

    /// <summary>Parses an address strictly: IPv4 only as four dotted decimals (no legacy "10.1" forms), IPv6 as usual.</summary>
    public static bool TryParseAddress(ReadOnlySpan<char> text, out IPAddress address)
    {
        address = IPAddress.None;
        if (text.IsEmpty || (!text.Contains(':') && (text.Count('.') != 3 || text.ContainsAnyExcept("0123456789.")))
            || !IPAddress.TryParse(text, out var parsed))
        {
            return false;
        }

        address = Normalize(parsed);
        return true;
    }

    public bool Contains(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        address = Normalize(address);
        foreach (var network in _networks)
        {
            if (network.BaseAddress.AddressFamily == address.AddressFamily && network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    public static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
