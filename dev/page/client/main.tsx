// The page's entry: Rocket.Chat's icon font, then the page (App.tsx). fuselage's polyfills (a peer of
// fuselage-ui-kit, installed) are for older browsers and are not loaded: their clipboard shim throws in
// today's Chromium.
import '@rocket.chat/icons/dist/rocketchat.css';
import './page.css';
import React from 'react';
import ReactDOM from 'react-dom';
import { App } from './App';

ReactDOM.render(<App />, document.getElementById('root'));
