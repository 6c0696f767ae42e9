/**
 * The store's full state (the union of its slices) and the signature every slice creator
 * shares: it gets `set`/`get` of the whole store and the engine client.
 */
import type { StoreApi } from 'zustand/vanilla';
import type { EngineClient } from '../client/engine-client';
import type { CertificatesSlice } from './certificates-slice';
import type { DoctorSlice } from './doctor-slice';
import type { DomainsSlice } from './domains-slice';
import type { EngineSlice } from './engine-slice';
import type { InspectorSlice } from './inspector-slice';
import type { UiSlice } from './ui-slice';

export type PorticoState = DomainsSlice &
  EngineSlice &
  CertificatesSlice &
  InspectorSlice &
  DoctorSlice &
  UiSlice;

export type SliceCreator<T> = (
  set: StoreApi<PorticoState>['setState'],
  get: () => PorticoState,
  client: EngineClient,
) => T;
