using System.Reflection;
using Glyphh.LicenseTool.CommandLine;
using Glyphh.LicenseTool.Commands;

namespace Glyphh.LicenseTool;

/// <summary>
/// The whole tool behind one call, so tests run it in-process with their own writers and clock.
/// Exit codes: 0 success, 1 the work failed (invalid license, missing file), 2 the command line is wrong.
/// </summary>
internal static class LicenseToolApp
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int UsageError = 2;

    internal static IReadOnlyList<ToolCommand> Commands { get; } =
    [
        new CaCreateCommand(),
        new CaRotateCommand(),
        new IssueCommand(),
        new VerifyCommand(),
        new InspectCommand(),
        new FingerprintCommand(),
    ];

    public static async Task<int> RunAsync(
        string[] args, TextWriter stdout, TextWriter stderr, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        var context = new ToolContext(stdout, stderr, time ?? TimeProvider.System);
        if (args.Length == 0)
        {
            stderr.WriteLine("glyphh-license: missing command (see 'glyphh-license --help')");
            return UsageError;
        }
        if (args[0] is "--help" or "-h" or "help" && args.Length == 1)
        {
            WriteOverview(stdout);
            return Success;
        }
        if (args[0] == "--version")
        {
            stdout.WriteLine(Version);
            return Success;
        }

        var (command, rest) = Select(args);
        if (command is null)
        {
            var words = args[0] == "ca" && args.Length > 1 ? $"ca {args[1]}" : args[0];
            stderr.WriteLine(args[0] == "ca" && args.Length == 1
                ? "glyphh-license ca: missing subcommand 'create' or 'rotate' (see 'glyphh-license --help')"
                : $"glyphh-license: unknown command '{words}' (see 'glyphh-license --help')");
            return UsageError;
        }

        if (rest.Any(a => a is "--help" or "-h"))
        {
            command.WriteHelp(stdout);
            return Success;
        }

        try
        {
            var parsed = ArgumentParser.Parse(rest, command.Options, command.MaxPositionals);
            if (parsed.Positionals.Count < command.RequiredPositionals)
            {
                throw new UsageException($"missing {command.Positional}");
            }
            return await command.ExecuteAsync(parsed, context, cancellationToken).ConfigureAwait(false);
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"glyphh-license {command.Name}: {e.Message} (see 'glyphh-license {command.Name} --help')");
            return UsageError;
        }
        catch (ToolException e)
        {
            stderr.WriteLine($"glyphh-license {command.Name}: {e.Message}");
            return Failure;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            // Never a stack trace: one line with what the platform said.
            stderr.WriteLine($"glyphh-license {command.Name}: {e.Message}");
            return Failure;
        }
    }

    private static (ToolCommand? Command, string[] Remaining) Select(string[] args)
    {
        foreach (var command in Commands)
        {
            var words = command.Name.Split(' ');
            if (args.Length >= words.Length && words.Select((w, i) => args[i] == w).All(x => x))
            {
                return (command, args[words.Length..]);
            }
        }
        return (null, []);
    }

    private static string Version =>
        typeof(LicenseToolApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private static void WriteOverview(TextWriter writer)
    {
        writer.WriteLine("glyphh-license: create a license CA, issue, verify and inspect Glyphh offline licenses.");
        writer.WriteLine();
        writer.WriteLine("Usage: glyphh-license <command> [options]");
        writer.WriteLine();
        writer.WriteLine("Commands:");
        foreach (var command in Commands)
        {
            writer.WriteLine($"  {command.Name,-14} {command.Summary}");
        }
        writer.WriteLine();
        writer.WriteLine("Run 'glyphh-license <command> --help' for a command's options.");
        writer.WriteLine("Exit codes: 0 success, 1 failure (invalid license, unreadable file), 2 usage error.");
    }
}
