namespace SecureAgg.Host.Report;

/// <summary>The journal cannot be read: no such file, server unreachable, no <c>journal</c> table, unreadable rows.</summary>
public sealed class JournalUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
