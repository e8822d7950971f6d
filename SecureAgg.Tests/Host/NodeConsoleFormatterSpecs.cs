using SecureAgg.Host.Composition;

namespace SecureAgg.Tests.Host;

/// <summary>Below debug level a log event is one line, even when Akka put an exception's stack trace into its text.</summary>
public sealed class NodeConsoleFormatterSpecs
{
    [Fact]
    public void An_akka_message_carrying_a_stack_trace_becomes_one_line_that_keeps_the_reason()
    {
        const string message = """
            Association with remote system akka.ssl.tcp://secagg@127.0.0.1:42189 has failed; address is now gated for 5000 ms. Reason is: [Akka.Remote.EndpointDisassociatedException: Disassociated
               at Akka.Remote.EndpointWriter.PublishAndThrow(Exception reason, LogLevel level, Boolean needToThrow)
               at Akka.Actor.ActorCell.Invoke(Envelope envelope)
            --- End of stack trace from previous location ---
               at Akka.Actor.ActorCell.AutoReceiveMessage(Envelope envelope)]
            """;

        var line = NodeConsoleFormatter.WithoutStackTraces(message);

        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain(" at Akka.", line);
        Assert.StartsWith("Association with remote system akka.ssl.tcp://secagg@127.0.0.1:42189 has failed", line);
        Assert.Contains("EndpointDisassociatedException: Disassociated", line);
    }

    [Fact]
    public void A_continuation_line_that_is_not_a_frame_is_kept() =>
        Assert.Equal("Sessions need at least t clients: at least 3", NodeConsoleFormatter.WithoutStackTraces("Sessions need\nat least t clients: at least 3"));

    [Fact]
    public void A_message_of_one_line_is_left_as_it_is() =>
        Assert.Equal("Round mask of session 1 reached its 10 s deadline", NodeConsoleFormatter.WithoutStackTraces("Round mask of session 1 reached its 10 s deadline"));
}
