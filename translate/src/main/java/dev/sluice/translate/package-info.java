/**
 * The translator: a pure function from a {@link dev.sluice.source.ResourceSet} to the gateway IR
 * and the status of every Gateway API object of our controller ({@link
 * dev.sluice.translate.Translator}).
 *
 * <p>One processor per kind does one step: {@code GatewayClassProcessor}, {@code GatewayProcessor}
 * (with {@code ListenerProcessor} and {@code ListenerConflicts}), {@code HTTPRouteProcessor} (with
 * {@code ParentAttachment}, {@code HTTPRuleTranslator}, {@code MatchTranslator}, {@code
 * FilterTranslator} and {@code BackendRefResolver}), then {@code GatewayStatusWriter} and {@code
 * IrAssembler}. Translation-time state lives in {@code GatewayContext} and {@code ListenerContext},
 * confined to one call. Condition types and reasons are the Gateway API's ({@code Conditions}).
 */
package dev.sluice.translate;
