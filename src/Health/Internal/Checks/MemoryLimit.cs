using System.Globalization;

namespace Glyphh.Health.Internal.Checks;

/// <summary>The memory limit of the process: its cgroup's (v2, then v1) when one is set, else what the runtime sees as available.</summary>
internal sealed class MemoryLimit(string cgroupRoot)
{
    // cgroup v1 reports "no limit" as a huge page-aligned number; anything above this is no limit.
    private const long NoLimitV1 = long.MaxValue / 2;

    public static MemoryLimit System { get; } = new("/sys/fs/cgroup");

    public (long Bytes, string Source) Read()
    {
        if (TryRead(Path.Combine(cgroupRoot, "memory.max"), out var v2))
        {
            return (v2, "cgroup limit");
        }
        if (TryRead(Path.Combine(cgroupRoot, "memory", "memory.limit_in_bytes"), out var v1) ||
            TryRead(Path.Combine(cgroupRoot, "memory.limit_in_bytes"), out v1))
        {
            return (v1, "cgroup limit");
        }
        return (GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, "available memory");
    }

    private static bool TryRead(string file, out long bytes)
    {
        bytes = 0;
        string text;
        try
        {
            if (!File.Exists(file))
            {
                return false;
            }
            text = File.ReadAllText(file).Trim();
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out bytes) && bytes > 0 && bytes < NoLimitV1;
    }
}
